namespace EmailList.Dashboard.Api;

/// <summary>One SES event as GET /events and GET /messages/{id} list it.</summary>
public sealed record EventView
{
    public required string Id { get; init; }
    public required string Type { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
    public required string MessageId { get; init; }
    public IReadOnlyList<string> Recipients { get; init; } = [];
    public string? From { get; init; }
    public string? Subject { get; init; }
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Tags { get; init; } = new Dictionary<string, IReadOnlyList<string>>();
    public string? BounceType { get; init; }
    public string? BounceSubType { get; init; }
    public string? DiagnosticCode { get; init; }
    public string? ComplaintFeedbackType { get; init; }
    public string? ClickLink { get; init; }
    public string? UserAgent { get; init; }
    public string? IpAddress { get; init; }
    public string? DelayType { get; init; }
    public string? Reason { get; init; }
}
