namespace EmailList.Redis.Idempotency;

/// <summary>The JSON value of an idempotency key. <see cref="State"/> is read by the release script.</summary>
internal sealed record IdempotencyRecord(string State, string Hash, int? Status = null, string? Body = null)
{
    public const string Pending = "pending";
    public const string Done = "done";
}
