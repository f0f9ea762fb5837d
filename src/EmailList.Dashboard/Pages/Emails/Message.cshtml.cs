using EmailList.Dashboard.Api;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EmailList.Dashboard.Pages.Emails;

/// <summary>One message: its state and its timeline of events, oldest first (GET /messages/{id}).</summary>
public sealed class MessageModel(QueryApiClient api) : PageModel
{
    public string MessageId { get; private set; } = "";

    public MessageView? Message { get; private set; }

    public ApiProblem? Problem { get; private set; }

    public async Task OnGetAsync(string messageId, CancellationToken cancellationToken)
    {
        MessageId = messageId;
        var result = await api.GetMessageAsync(messageId, cancellationToken);
        Message = result.Value;
        Problem = result.Problem;
        if (Problem?.Status == StatusCodes.Status404NotFound)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
        }
    }
}
