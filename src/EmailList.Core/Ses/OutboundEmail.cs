namespace EmailList.Core.Ses;

/// <summary>A raw MIME message ready for SES v2 SendEmail (Content.Raw).</summary>
public sealed record OutboundEmail(
    string FromEmailAddress,
    SesDestination Destination,
    ReadOnlyMemory<byte> RawMessage,
    IReadOnlyList<KeyValuePair<string, string>> Tags,
    string? ConfigurationSetName);
