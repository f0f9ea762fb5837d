namespace EmailList.Core.Idempotency;

public enum IdempotencyClaimStatus
{
    /// <summary>This request owns the key and must complete or release it.</summary>
    Claimed,

    /// <summary>Another request with the same key and body is still running.</summary>
    InProgress,

    /// <summary>A request with the same key and body completed; replay its response.</summary>
    Completed,

    /// <summary>The key was used with a different body.</summary>
    Mismatch,
}
