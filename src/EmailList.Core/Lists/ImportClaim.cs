namespace EmailList.Core.Lists;

/// <summary>An import a worker holds until <paramref name="LeaseUntil"/>; every write on it is conditional on owner and lease.</summary>
public sealed record ImportClaim(ImportJob Job, string Owner, DateTimeOffset LeaseUntil);
