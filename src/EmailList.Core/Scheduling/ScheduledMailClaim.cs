namespace EmailList.Core.Scheduling;

/// <summary>A due mail claimed by one dispatcher instance until <see cref="LeaseUntil"/>.</summary>
/// <param name="Owner">The instance's id; completing or deferring the mail is refused to anyone else.</param>
public sealed record ScheduledMailClaim(ScheduledMail Mail, string Owner, DateTimeOffset LeaseUntil);
