namespace EmailList.SendApi.Mail;

/// <summary>Limits of a single message; most are SES's own.</summary>
internal static class MailLimits
{
    public const int MaxRecipients = 50;
    public const int MaxReplyTo = 10;
    public const int MaxAddressLength = 320;
    public const int MaxSubjectLength = 998;
    public const int MaxHeaders = 50;
    public const int MaxHeaderValueLength = 998;
    public const int MaxTags = 20;
    public const int MaxTagLength = 256;
    public const int MaxAttachments = 20;
    public const int MaxFileNameLength = 255;
    public const int MaxIdempotencyKeyLength = 256;
}
