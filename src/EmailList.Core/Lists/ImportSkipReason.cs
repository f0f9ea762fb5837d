namespace EmailList.Core.Lists;

/// <summary>Why a row was not imported; the keys of <see cref="ImportProgress.Skipped"/>.</summary>
public static class ImportSkipReason
{
    /// <summary>The email cell is empty or not an address SES can send to.</summary>
    public const string InvalidAddress = "invalid_address";

    /// <summary>The address was erased (GDPR); an import never brings it back.</summary>
    public const string Erased = "erased";

    /// <summary>The contact unsubscribed from the list; an import does not subscribe them again.</summary>
    public const string Unsubscribed = "unsubscribed";

    /// <summary>An attribute cell made the contact's attributes larger than allowed.</summary>
    public const string AttributesTooLarge = "attributes_too_large";
}
