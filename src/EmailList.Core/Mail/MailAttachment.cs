namespace EmailList.Core.Mail;

public sealed record MailAttachment(string FileName, string ContentType, ReadOnlyMemory<byte> Content);
