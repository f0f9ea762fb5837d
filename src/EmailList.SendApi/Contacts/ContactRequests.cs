using System.Text.Json;

namespace EmailList.SendApi.Contacts;

/// <summary>The body of POST /contacts: an address, its attributes, the lists to put it on and, to subscribe it directly, the consent statement.</summary>
/// <param name="Attributes">A JSON object: the data a list's mail is rendered with.</param>
/// <param name="Consent">How the address consented, in the tenant's words; required for status <c>subscribed</c>.</param>
public sealed record CreateContactRequest(string? Email, JsonElement? Attributes, IReadOnlyList<ListMembershipRequest>? Lists, string? Consent);

/// <param name="Status"><c>subscribed</c> (needs consent) or <c>pending</c>; absent: subscribed with consent, else pending.</param>
public sealed record ListMembershipRequest(string? ListId, string? Status);

/// <summary>The body of PATCH /contacts/{id}: attributes merged into the contact's (a member set to null is removed).</summary>
public sealed record UpdateContactRequest(JsonElement? Attributes);

/// <summary>The body of PUT /contacts/{id}/lists/{listId}.</summary>
public sealed record SubscribeRequest(string? Status, string? Consent);
