using System.Text.Json.Nodes;

namespace EmailList.SendApi.Subscriptions;

/// <summary>A sign-up as posted: the address (normalized), the contact's attributes, and the form's extras.</summary>
/// <param name="Email">Normalized (<see cref="Core.Suppression.EmailAddressNormalizer"/>).</param>
/// <param name="Honeypot">The hidden <c>website</c> field: a person leaves it empty, a bot fills it.</param>
/// <param name="Redirect">Where a form post wants to go afterwards; followed only to an origin the list allows.</param>
public sealed record SignUpForm(string Email, JsonObject Attributes, bool Honeypot, string? Redirect);
