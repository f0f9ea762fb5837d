namespace EmailList.SendApi.Mail;

/// <param name="Content">Base64 of the file's bytes.</param>
public sealed record AttachmentRequest(string? Filename, string? ContentType, string? Content);
