namespace EmailList.Sandbox.Admin;

public sealed record OutboxAttachment(string? FileName, string ContentType, long Size);
