namespace EmailList.Aws.Tests.Ses;

public sealed record ScriptedResponse(int Status, string? Body, string ContentType, IReadOnlyDictionary<string, string> Headers, TimeSpan Delay);
