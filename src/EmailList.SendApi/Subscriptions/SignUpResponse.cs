namespace EmailList.SendApi.Subscriptions;

/// <summary>The JSON answer to every accepted sign-up, the same whatever the address's state on the list.</summary>
/// <param name="Status">Always "accepted".</param>
/// <param name="Message">What to tell the person: check the inbox (double opt-in) or thanks.</param>
public sealed record SignUpResponse(string Status, string Message);
