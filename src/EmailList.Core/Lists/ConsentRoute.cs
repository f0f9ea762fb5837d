namespace EmailList.Core.Lists;

/// <summary>How a subscription came to be, for the consent record.</summary>
public enum ConsentRoute
{
    /// <summary>The public sign-up form (POST /subscribe/{publicKey}).</summary>
    Form,

    /// <summary>The tenant's API call (POST /contacts).</summary>
    Api,

    /// <summary>A CSV import.</summary>
    Import,
}
