using System.Text;
using EmailList.Core.Identifiers;
using EmailList.Core.Lists;
using EmailList.Core.Templates;
using EmailList.SendApi.Mail;
using EmailList.SendApi.Templates;
using EmailList.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace EmailList.SendApi.Lists;

/// <summary>A tenant's lists: settings checked before they are stored (sender, origins, the confirmation mail), and their sign-up URLs.</summary>
public sealed class ListCatalog(IListStore store, ITemplateStore templates, TemplateRenderer renderer, IOptions<ListOptions> options, TimeProvider time)
{
    private const string InvalidTitle = "The list is not valid";

    public IListStore Store { get; } = store;

    /// <summary>{Lists:PublicBaseUrl}/subscribe/{publicKey}: where the tenant's sign-up form posts.</summary>
    public Uri SignUpUrl(MailingList list)
    {
        ArgumentNullException.ThrowIfNull(list);
        var baseUrl = options.Value.PublicBaseUrl!.AbsoluteUri.TrimEnd('/');
        return new Uri($"{baseUrl}/subscribe/{list.PublicKey}");
    }

    public ListResponse Describe(MailingList list) => ListResponse.Of(list, SignUpUrl(list));

    /// <summary>The new list, stored; or the answer that says what is wrong with the request (400, 413, 422).</summary>
    public async Task<(MailingList? List, IResult? Problem)> CreateAsync(string tenantId, CreateListRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new ValidationErrors();
        CheckName(request.Name, required: true, errors);
        CheckAddress(request.From, "from", required: true, errors);
        CheckAddress(request.ReplyTo, "replyTo", required: false, errors);
        var origins = CheckOrigins(request.AllowedOrigins, errors);
        if (errors.Any)
        {
            return (null, errors.ToProblem(InvalidTitle));
        }

        var (content, problem) = await CheckConfirmationAsync(tenantId, request.Confirmation, cancellationToken);
        if (problem is not null)
        {
            return (null, problem);
        }

        var now = time.GetUtcNow();
        var list = new MailingList
        {
            TenantId = tenantId,
            Id = RandomId.New(ListIds.List),
            Name = request.Name!.Trim(),
            From = request.From!.Trim(),
            ReplyTo = string.IsNullOrWhiteSpace(request.ReplyTo) ? null : request.ReplyTo.Trim(),
            DoubleOptIn = request.DoubleOptIn ?? true,
            Confirmation = content,
            PublicKey = RandomId.New(ListIds.PublicKey),
            AllowedOrigins = origins ?? [],
            CreatedAt = now,
            UpdatedAt = now,
        };
        await Store.AddAsync(list, cancellationToken);
        return (list, null);
    }

    /// <summary>The list with the request's changes, stored; null with no problem when there is no such list.</summary>
    public async Task<(MailingList? List, IResult? Problem)> UpdateAsync(string tenantId, string id, UpdateListRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new ValidationErrors();
        if (request.Name is not null)
        {
            CheckName(request.Name, required: true, errors);
        }

        if (request.From is not null)
        {
            CheckAddress(request.From, "from", required: true, errors);
        }

        CheckAddress(request.ReplyTo, "replyTo", required: false, errors);
        var origins = CheckOrigins(request.AllowedOrigins, errors);
        if (errors.Any)
        {
            return (null, errors.ToProblem(InvalidTitle));
        }

        var current = await Store.GetAsync(tenantId, id, cancellationToken);
        if (current is null)
        {
            return (null, null);
        }

        var confirmation = current.Confirmation;
        if (request.Confirmation is { } change)
        {
            var (content, problem) = await CheckConfirmationAsync(tenantId, IsEmpty(change) ? null : change, cancellationToken);
            if (problem is not null)
            {
                return (null, problem);
            }

            confirmation = content;
        }

        var updated = current with
        {
            Name = request.Name?.Trim() ?? current.Name,
            From = request.From?.Trim() ?? current.From,
            ReplyTo = request.ReplyTo is null ? current.ReplyTo : string.IsNullOrWhiteSpace(request.ReplyTo) ? null : request.ReplyTo.Trim(),
            DoubleOptIn = request.DoubleOptIn ?? current.DoubleOptIn,
            Confirmation = confirmation,
            AllowedOrigins = origins ?? current.AllowedOrigins,
            UpdatedAt = time.GetUtcNow(),
        };
        return (await Store.UpdateAsync(updated, cancellationToken), null);
    }

    private static bool IsEmpty(ConfirmationRequest request) =>
        request is { Subject: null, Html: null, Text: null, Template: null };

    private static void CheckName(string? name, bool required, ValidationErrors errors)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            if (required)
            {
                errors.Add("name", "A name is required, e.g. \"Monthly newsletter\".");
            }
        }
        else if (name.Length > ListLimits.MaxNameLength || name.AsSpan().IndexOfAny('\r', '\n') >= 0)
        {
            errors.Add("name", $"A name is one line of at most {ListLimits.MaxNameLength} characters.");
        }
    }

    private static void CheckAddress(string? value, string field, bool required, ValidationErrors errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required)
            {
                errors.Add(field, "A sender is required: an identity verified in your SES account, e.g. \"Acme <news@acme.com>\".");
            }

            return;
        }

        SendMailRequestValidator.ParseAddress(value.Trim(), field, errors);
    }

    private static List<string>? CheckOrigins(IReadOnlyList<string>? values, ValidationErrors errors)
    {
        if (values is null)
        {
            return null;
        }

        if (values.Count > ListLimits.MaxAllowedOrigins)
        {
            errors.Add("allowedOrigins", $"At most {ListLimits.MaxAllowedOrigins} origins.");
            return null;
        }

        var origins = new List<string>(values.Count);
        for (var i = 0; i < values.Count; i++)
        {
            if (AllowedOrigin.Normalize(values[i], out var error) is { } origin)
            {
                if (!origins.Contains(origin, StringComparer.Ordinal))
                {
                    origins.Add(origin);
                }
            }
            else
            {
                errors.Add($"allowedOrigins[{i}]", error!);
            }
        }

        return origins;
    }

    /// <summary>The confirmation mail as stored, null for the built-in one; or why it cannot be used.</summary>
    private async Task<(MessageContent? Content, IResult? Problem)> CheckConfirmationAsync(
        string tenantId, ConfirmationRequest? request, CancellationToken cancellationToken)
    {
        if (request is null)
        {
            return (null, null);
        }

        if (request.Template is { } reference)
        {
            if (request.Subject is not null || request.Html is not null || request.Text is not null)
            {
                return (null, Problems.Create(StatusCodes.Status400BadRequest, "Template and content both given",
                    "'confirmation' takes either 'template' or 'subject'/'html'/'text', not both."));
            }

            if (!TemplateName.IsValid(reference.Name) || reference.Version is < 1)
            {
                return (null, ValidationErrors.Problem("confirmation.template", $"'name' is required. {TemplateName.Rule} 'version', when given, is a version number from 1.", InvalidTitle));
            }

            var template = await templates.GetAsync(tenantId, reference.Name!, reference.Version, cancellationToken);
            if (template is null)
            {
                return (null, Problems.Create(StatusCodes.Status422UnprocessableEntity, "Unknown template", reference.Version is { } v
                    ? $"The template '{reference.Name}' has no version {v}; GET /templates/{reference.Name} shows its latest."
                    : $"There is no template named '{reference.Name}'; POST /templates creates one."));
            }

            return UsesConfirmUrl(template.Html, template.Text)
                ? (new MessageContent { TemplateName = template.Name, TemplateVersion = reference.Version }, null)
                : (null, MissingConfirmUrl());
        }

        var errors = new ValidationErrors();
        if (string.IsNullOrWhiteSpace(request.Subject))
        {
            errors.Add("confirmation.subject", "A subject is required, e.g. \"Please confirm your subscription\".");
        }
        else if (request.Subject.Length > TemplateLimits.MaxSubjectLength || request.Subject.AsSpan().IndexOfAny('\r', '\n') >= 0)
        {
            errors.Add("confirmation.subject", $"A subject is one line of at most {TemplateLimits.MaxSubjectLength} characters.");
        }

        if (string.IsNullOrEmpty(request.Html) && string.IsNullOrEmpty(request.Text))
        {
            errors.Add("confirmation.html", "Give html, text or both, with a link to {{confirm_url}}.");
        }

        if (errors.Any)
        {
            return (null, errors.ToProblem(InvalidTitle));
        }

        if (Encoding.UTF8.GetByteCount(request.Subject!) + Encoding.UTF8.GetByteCount(request.Html ?? "") + Encoding.UTF8.GetByteCount(request.Text ?? "")
            > TemplateLimits.MaxContentBytes)
        {
            return (null, TemplateProblems.TooLarge());
        }

        try
        {
            renderer.CheckSyntax(new TemplateContent(request.Subject!, request.Html, request.Text));
        }
        catch (TemplateRenderException e)
        {
            return (null, TemplateProblems.From(e));
        }

        return UsesConfirmUrl(request.Html, request.Text)
            ? (new MessageContent { Subject = request.Subject, Html = NullIfEmpty(request.Html), Text = NullIfEmpty(request.Text) }, null)
            : (null, MissingConfirmUrl());
    }

    private static bool UsesConfirmUrl(string? html, string? text) =>
        (html?.Contains(ListLimits.ConfirmUrlVariable, StringComparison.Ordinal) ?? false)
        || (text?.Contains(ListLimits.ConfirmUrlVariable, StringComparison.Ordinal) ?? false);

    private static ProblemHttpResult MissingConfirmUrl() => Problems.Create(StatusCodes.Status422UnprocessableEntity, "No confirmation link",
        "The confirmation mail must link to {{confirm_url}} (in html or text), or nobody who signs up can confirm; e.g. <a href=\"{{confirm_url}}\">Confirm</a>.");

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
