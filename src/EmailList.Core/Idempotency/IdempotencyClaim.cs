namespace EmailList.Core.Idempotency;

public sealed record IdempotencyClaim(IdempotencyClaimStatus Status, IdempotentResponse? Response = null);
