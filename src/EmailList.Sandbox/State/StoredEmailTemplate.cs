namespace EmailList.Sandbox.State;

internal sealed record StoredEmailTemplate(string Name, string? Subject, string? Html, string? Text, DateTimeOffset CreatedAt);
