namespace EmailList.SendApi.Mail;

/// <summary>The body of PATCH /mail/{id}: the new time, by the same rules as <see cref="SendMailRequest.ScheduledAt"/>.</summary>
public sealed record RescheduleMailRequest
{
    public string? ScheduledAt { get; init; }
}
