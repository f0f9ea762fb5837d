namespace EmailList.Sandbox.Admin;

/// <summary>Body of <c>POST /_sandbox/faults</c>: the next <paramref name="Count"/> matching calls fail this way.</summary>
/// <param name="Operation">SendEmail, GetAccount, AssumeRole, PutSuppressedDestination, DeleteSuppressedDestination or ListSuppressedDestinations.</param>
/// <param name="AccountId">The SES account, or for AssumeRole the account of the role being assumed.</param>
/// <param name="Count">How many calls fail; -1 means until the faults are cleared.</param>
public sealed record SandboxFault(
    string AccountId,
    string Operation,
    int StatusCode,
    string ErrorCode,
    int Count = 1,
    string? Message = null);
