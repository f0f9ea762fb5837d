namespace EmailList.Core.Ses;

/// <param name="Reason">SES's reason: BOUNCE or COMPLAINT.</param>
public sealed record SuppressedDestination(string EmailAddress, string Reason, DateTimeOffset LastUpdateTime);
