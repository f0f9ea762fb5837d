namespace EmailList.QueryApi.Tenants;

/// <param name="Received">Whether any SES event of the tenant has been stored (within retention).</param>
public sealed record EventArrival(string Forwarding, string? Detail, bool Received, DateTimeOffset? LastEventAt);
