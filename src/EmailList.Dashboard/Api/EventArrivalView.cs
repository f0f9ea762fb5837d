namespace EmailList.Dashboard.Api;

public sealed record EventArrivalView(string Forwarding, string? Detail, bool Received, DateTimeOffset? LastEventAt);
