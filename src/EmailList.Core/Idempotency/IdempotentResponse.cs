namespace EmailList.Core.Idempotency;

public sealed record IdempotentResponse(int StatusCode, string Body);
