using System.Text.Json;

namespace EmailList.SendApi.Broadcasts;

/// <summary>A stored template as a broadcast's content: by name, pinned to <paramref name="Version"/> or to the latest when it is sent.</summary>
public sealed record BroadcastTemplateReference(string? Name, int? Version);

/// <summary>POST /broadcasts: a draft. Content is <c>subject</c> with <c>html</c> and/or <c>text</c>, or <c>template</c>.</summary>
/// <param name="Segment">Optional: a JSON object of contact attributes and the values they must equal, e.g. {"plan":"pro"}.</param>
public sealed record CreateBroadcastRequest(
    string? ListId,
    string? Name,
    string? From,
    string? ReplyTo,
    string? Subject,
    string? Html,
    string? Text,
    BroadcastTemplateReference? Template,
    JsonElement? Segment);

/// <summary>PATCH /broadcasts/{id}: the fields given replace the draft's; content given replaces the content whole; <c>segment: {}</c> sends to every subscriber.</summary>
public sealed record UpdateBroadcastRequest(
    string? ListId,
    string? Name,
    string? From,
    string? ReplyTo,
    string? Subject,
    string? Html,
    string? Text,
    BroadcastTemplateReference? Template,
    JsonElement? Segment);

/// <summary>POST /broadcasts/{id}/preview: rendered for <paramref name="ContactId"/>, or with <paramref name="Data"/> as a contact's attributes.</summary>
public sealed record PreviewBroadcastRequest(string? ContactId, JsonElement? Data);

/// <summary>POST /broadcasts/{id}/test: sent now to up to 5 addresses, rendered as for <paramref name="ContactId"/> or with <paramref name="Data"/>.</summary>
public sealed record TestBroadcastRequest(IReadOnlyList<string>? To, string? ContactId, JsonElement? Data);

/// <summary>POST /broadcasts/{id}/send: now, or at <paramref name="ScheduledAt"/> (an ISO-8601 time with an offset, at most 30 days ahead).</summary>
public sealed record SendBroadcastRequest(string? ScheduledAt);

/// <summary>POST /broadcasts/{id}/pause: an optional reason kept with it.</summary>
public sealed record PauseBroadcastRequest(string? Reason);

/// <summary>
/// POST /broadcasts/{id}/resume: <paramref name="AcknowledgeGuard"/> true to resume one the reputation guard paused,
/// accepting the rates it named; the guard then judges it only by what is sent after the resume.
/// </summary>
public sealed record ResumeBroadcastRequest(bool? AcknowledgeGuard);
