namespace EmailList.Dashboard.Api;

/// <summary>A list as GET /lists on the send API answers it (the parts the dashboard shows).</summary>
public sealed record ListView(
    string Id,
    string Name,
    string From,
    string? ReplyTo,
    bool DoubleOptIn,
    IReadOnlyList<string> AllowedOrigins,
    Uri SignUpUrl,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);
