using EmailList.Core.Lists;

namespace EmailList.SendApi.Lists;

/// <summary>A list with its public sign-up key and the URL its sign-up form posts to.</summary>
public sealed record ListResponse(
    string Id,
    string Name,
    string From,
    string? ReplyTo,
    bool DoubleOptIn,
    ConfirmationResponse? Confirmation,
    IReadOnlyList<string> AllowedOrigins,
    string PublicKey,
    Uri SignUpUrl,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static ListResponse Of(MailingList list, Uri signUpUrl)
    {
        ArgumentNullException.ThrowIfNull(list);
        return new(list.Id, list.Name, list.From, list.ReplyTo, list.DoubleOptIn, ConfirmationResponse.From(list.Confirmation),
            list.AllowedOrigins, list.PublicKey, signUpUrl, list.CreatedAt, list.UpdatedAt);
    }
}

public sealed record ConfirmationResponse(string? Subject, string? Html, string? Text, ConfirmationTemplateResponse? Template)
{
    public static ConfirmationResponse? From(MessageContent? content) => content switch
    {
        null => null,
        { TemplateName: { } name } => new(null, null, null, new ConfirmationTemplateResponse(name, content.TemplateVersion)),
        _ => new(content.Subject, content.Html, content.Text, null),
    };
}

public sealed record ConfirmationTemplateResponse(string Name, int? Version);

/// <summary>A page of lists by id.</summary>
/// <param name="NextCursor">Pass as <c>cursor</c> for the next page; null on the last one.</param>
public sealed record ListPageResponse(IReadOnlyList<ListResponse> Items, string? NextCursor);
