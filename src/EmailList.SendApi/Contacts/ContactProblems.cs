using EmailList.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EmailList.SendApi.Contacts;

internal static class ContactProblems
{
    public static ProblemHttpResult NotFound(string id) => Problems.Create(StatusCodes.Status404NotFound, "Contact not found",
        $"The tenant has no contact '{id}'; GET /contacts?q=<address> finds one by address.");

    public static ProblemHttpResult Erased() => Problems.Create(StatusCodes.Status409Conflict, "Address erased",
        "This address was erased at its owner's request (GDPR), so it cannot be added through the API or an import; " +
        "only its owner can sign up again, through a list's sign-up form.");

    public static ProblemHttpResult ConsentRequired(string field) => Problems.Create(StatusCodes.Status422UnprocessableEntity, "Consent required",
        $"'{field}' is 'subscribed', which needs 'consent': how and when the address agreed to receive the list's mail, in your words " +
        "(e.g. \"Ticked the newsletter box at checkout, 2026-03-01\"). Without it, use 'pending' and the address confirms by mail (double opt-in).");

    public static ProblemHttpResult UnknownList(string field, string listId) => Problems.Create(StatusCodes.Status422UnprocessableEntity, "Unknown list",
        $"'{field}': the tenant has no list '{listId}'; GET /lists shows its lists.");
}
