namespace EmailList.Sandbox.Admin;

/// <summary>Body of <c>POST /_sandbox/outbox/{messageId}/unsubscribe</c>; every member is optional.</summary>
/// <param name="Recipient">Who unsubscribed: one of the message's recipients; null means the event names them all, as the mail object does.</param>
/// <param name="ContactList">The SES contact list named in the event; null means <see cref="DefaultContactList"/>.</param>
/// <param name="Topic">The topic opted out of; null means <see cref="DefaultTopic"/>.</param>
public sealed record SandboxUnsubscribe(string? Recipient = null, string? ContactList = null, string? Topic = null)
{
    public const string DefaultContactList = "emaillist";

    public const string DefaultTopic = "default";
}
