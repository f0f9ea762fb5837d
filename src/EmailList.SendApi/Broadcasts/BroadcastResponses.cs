using System.Text.Json;
using EmailList.Core.Broadcasts;

namespace EmailList.SendApi.Broadcasts;

/// <summary>Where a broadcast is: recipients waiting or being sent (<c>queued</c>) and done, the send rate between the last two counts, and when it should end at that rate.</summary>
public sealed record BroadcastProgressResponse(int Queued, int Sent, int Skipped, int Failed, double RatePerSecond, DateTimeOffset? Eta, DateTimeOffset? CountedAt);

/// <param name="Status"><c>draft</c>, <c>scheduled</c>, <c>sending</c>, <c>paused</c>, <c>sent</c> or <c>cancelled</c>.</param>
public sealed record BroadcastResponse(
    string Id,
    string ListId,
    string Name,
    string From,
    string? ReplyTo,
    string? Subject,
    string? Html,
    string? Text,
    BroadcastTemplateReference? Template,
    JsonElement? Segment,
    string Status,
    DateTimeOffset? ScheduledAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? CompletedAt,
    string? PauseReason,
    BroadcastProgressResponse Progress,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static BroadcastResponse Of(Broadcast b)
    {
        ArgumentNullException.ThrowIfNull(b);
        var p = b.Progress;
        DateTimeOffset? eta = p.At is { } at && p.RatePerSecond > 0 && b.Status == BroadcastStatus.Sending
            ? at + TimeSpan.FromSeconds(p.Queued / p.RatePerSecond)
            : null;
        return new BroadcastResponse(
            b.Id, b.ListId, b.Name, b.From, b.ReplyTo,
            b.Content.Subject, b.Content.Html, b.Content.Text,
            b.Content.TemplateName is { } name ? new BroadcastTemplateReference(name, b.Content.TemplateVersion) : null,
            b.Segment is { } segment ? JsonDocument.Parse(segment).RootElement.Clone() : null,
            StatusName(b.Status), b.ScheduledAt, b.StartedAt, b.CompletedAt, b.PauseReason,
            new BroadcastProgressResponse(p.Queued, p.Sent, p.Skipped, p.Failed, Math.Round(p.RatePerSecond, 2), eta, p.At),
            b.CreatedAt, b.UpdatedAt);
    }

    public static string StatusName(BroadcastStatus status) => status.ToString().ToLowerInvariant();
}

/// <param name="NextCursor">Null on the last page.</param>
public sealed record BroadcastListResponse(IReadOnlyList<BroadcastResponse> Data, string? NextCursor);

/// <summary>A broadcast rendered as one contact would get it, with the headers we add.</summary>
public sealed record BroadcastPreviewResponse(string Subject, string? Html, string? Text, IReadOnlyDictionary<string, string> Headers);

/// <summary>One test send per address: SES's message id, or null when the address is suppressed.</summary>
public sealed record BroadcastTestResponse(IReadOnlyList<BroadcastTestSend> Sent);

public sealed record BroadcastTestSend(string To, string? MessageId, bool Suppressed);
