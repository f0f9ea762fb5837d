namespace EmailList.SendApi.Lists;

/// <summary>The body of POST /lists. Field names are those of POST /mail where they overlap.</summary>
/// <param name="From">The sender of the list's mail, an identity verified in the tenant's SES, e.g. "Acme &lt;news@acme.com&gt;".</param>
/// <param name="DoubleOptIn">On when absent: a sign-up stays pending until the address confirms.</param>
/// <param name="Confirmation">The confirmation mail; the built-in one when absent.</param>
/// <param name="AllowedOrigins">Origins (scheme://host[:port]) whose pages may post the sign-up form from a browser.</param>
public sealed record CreateListRequest(
    string? Name, string? From, string? ReplyTo, bool? DoubleOptIn, ConfirmationRequest? Confirmation, IReadOnlyList<string>? AllowedOrigins);

/// <summary>The body of PATCH /lists/{id}: what is given changes, what is absent stays.</summary>
/// <param name="ReplyTo">An empty string removes it.</param>
/// <param name="Confirmation">An empty object returns to the built-in confirmation mail.</param>
public sealed record UpdateListRequest(
    string? Name, string? From, string? ReplyTo, bool? DoubleOptIn, ConfirmationRequest? Confirmation, IReadOnlyList<string>? AllowedOrigins);

/// <summary>A list's confirmation mail: subject with html and/or text, or a stored template; rendered with the contact's attributes and <c>confirm_url</c>.</summary>
public sealed record ConfirmationRequest(string? Subject, string? Html, string? Text, ConfirmationTemplateReference? Template);

/// <summary>A stored template by name, pinned to a version or (absent) its latest at send time.</summary>
public sealed record ConfirmationTemplateReference(string? Name, int? Version);
