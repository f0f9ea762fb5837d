namespace EmailList.Dashboard.Api;

/// <summary>A broadcast to create: its content is <see cref="Subject"/> with html and/or text, or a stored <see cref="Template"/> by name (its latest version when sent).</summary>
public sealed record BroadcastDraft(string ListId, string Name, string? From, string? Subject, string? Html, string? Text, string? Template);
