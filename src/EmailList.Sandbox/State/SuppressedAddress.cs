namespace EmailList.Sandbox.State;

internal sealed record SuppressedAddress(string EmailAddress, string Reason, DateTimeOffset LastUpdateTime);
