namespace EmailList.Core.Lists;

/// <summary>The prefixes of the list feature's ids (<see cref="Identifiers.RandomId"/>).</summary>
public static class ListIds
{
    public const string List = "lst_";

    /// <summary>The list's public sign-up key: in the tenant's sign-up form's action URL, so unguessable and not the list id.</summary>
    public const string PublicKey = "pub_";

    public const string Contact = "ct_";

    public const string Import = "imp_";

    public const string Broadcast = "bc_";
}
