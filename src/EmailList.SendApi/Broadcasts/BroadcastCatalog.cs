using System.Text;
using System.Text.Json;
using EmailList.Core.Broadcasts;
using EmailList.Core.Credentials;
using EmailList.Core.Identifiers;
using EmailList.Core.Lists;
using EmailList.Core.Mail;
using EmailList.Core.Ses;
using EmailList.Core.Templates;
using EmailList.Core.Tenants;
using EmailList.SendApi.Mail;
using EmailList.SendApi.Templates;
using EmailList.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using MimeKit;

namespace EmailList.SendApi.Broadcasts;

/// <summary>
/// The tenant's broadcasts behind /broadcasts: drafts checked and stored, previews and test sends rendered as the
/// dispatcher will, and the status changes (send, pause, resume, cancel), each allowed only from the states it names.
/// </summary>
public sealed class BroadcastCatalog(
    IBroadcastStore store,
    IListStore lists,
    IContactStore contacts,
    ITemplateStore templates,
    TemplateCatalog templateCatalog,
    ListMailRenderer renderer,
    TenantDirectory tenants,
    MailSender sender,
    IOptions<ListOptions> listOptions,
    TimeProvider time,
    ListTokenSigner? tokens = null)
{
    public const int MaxNameLength = 200;
    public const int MaxTestRecipients = 5;
    private const int MaxAddressLength = 320;
    private const string PreviewEmail = "preview@example.com";

    private static readonly ParserOptions AddressParser = new()
    {
        AddressParserComplianceMode = RfcComplianceMode.Strict,
        AllowAddressesWithoutDomain = false,
        AllowUnquotedCommasInAddresses = false,
    };

    public IBroadcastStore Store { get; } = store;

    public async Task<(Broadcast? Broadcast, IResult? Problem)> CreateAsync(string tenantId, CreateBroadcastRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new ValidationErrors();
        MailingList? list = null;
        if (!RandomId.IsWellFormed(ListIds.List, request.ListId))
        {
            errors.Add("listId", "A listId is required: the id (lst_ and 26 characters) of one of the tenant's lists.");
        }
        else if ((list = await lists.GetAsync(tenantId, request.ListId!, cancellationToken)) is null)
        {
            errors.Add("listId", $"The tenant has no list '{request.ListId}'.");
        }

        CheckName(request.Name, required: true, errors);
        var from = request.From ?? list?.From;
        if (from is null && list is not null)
        {
            errors.Add("from", "A from address is required (the list has none to fall back on).");
        }

        CheckAddress(from, "from", errors);
        var replyTo = request.ReplyTo ?? list?.ReplyTo;
        CheckAddress(replyTo, "replyTo", errors);
        var segment = CheckSegment(request.Segment, errors);
        var (content, problem) = await CheckContentAsync(tenantId, request.Subject, request.Html, request.Text, request.Template, required: true, errors, cancellationToken);
        if (errors.Any)
        {
            return (null, errors.ToProblem("The broadcast is not valid"));
        }

        if (problem is not null)
        {
            return (null, problem);
        }

        var now = time.GetUtcNow();
        var broadcast = new Broadcast
        {
            TenantId = tenantId,
            Id = RandomId.New(ListIds.Broadcast),
            ListId = list!.Id,
            Name = request.Name!.Trim(),
            From = from!,
            ReplyTo = replyTo,
            Content = content!,
            Segment = segment.Value,
            CreatedAt = now,
            UpdatedAt = now,
        };
        await Store.AddAsync(broadcast, cancellationToken);
        return (broadcast, null);
    }

    public async Task<(Broadcast? Broadcast, IResult? Problem)> UpdateAsync(string tenantId, string id, UpdateBroadcastRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new ValidationErrors();
        if (request.ListId is not null && (!RandomId.IsWellFormed(ListIds.List, request.ListId)
            || await lists.GetAsync(tenantId, request.ListId, cancellationToken) is null))
        {
            errors.Add("listId", $"The tenant has no list '{request.ListId}'.");
        }

        CheckName(request.Name, required: false, errors);
        CheckAddress(request.From, "from", errors);
        CheckAddress(request.ReplyTo, "replyTo", errors);
        var segment = CheckSegment(request.Segment, errors);
        var (content, problem) = await CheckContentAsync(tenantId, request.Subject, request.Html, request.Text, request.Template, required: false, errors, cancellationToken);
        if (errors.Any)
        {
            return (null, errors.ToProblem("The broadcast change is not valid"));
        }

        if (problem is not null)
        {
            return (null, problem);
        }

        var now = time.GetUtcNow();
        var change = await BroadcastTransitions.ApplyAsync(Store, tenantId, id, b => b.Status != BroadcastStatus.Draft ? null : b with
        {
            ListId = request.ListId ?? b.ListId,
            Name = request.Name?.Trim() ?? b.Name,
            From = request.From ?? b.From,
            ReplyTo = request.ReplyTo ?? b.ReplyTo,
            Content = content ?? b.Content,
            Segment = segment.Given ? segment.Value : b.Segment,
            UpdatedAt = now,
        }, cancellationToken);
        return Answer(change, id, "changed", "only a draft can be changed; a sent or scheduled broadcast can be paused or cancelled.");
    }

    public async Task<IResult?> DeleteAsync(string tenantId, string id, CancellationToken cancellationToken)
    {
        if (await Store.DeleteDraftAsync(tenantId, id, cancellationToken))
        {
            return null;
        }

        return await Store.GetAsync(tenantId, id, cancellationToken) is { } current
            ? BroadcastProblems.WrongState(current, "deleted", "only a draft can be deleted; cancel it instead.")
            : BroadcastProblems.NotFound(id);
    }

    public async Task<(BroadcastPreviewResponse? Preview, IResult? Problem)> PreviewAsync(
        string tenantId, string id, PreviewBroadcastRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (await Store.GetAsync(tenantId, id, cancellationToken) is not { } broadcast)
        {
            return (null, BroadcastProblems.NotFound(id));
        }

        if (tokens is null || listOptions.Value.PublicBaseUrl is null)
        {
            return (null, BroadcastProblems.ListsNotConfigured());
        }

        var (contact, problem) = await ContactForAsync(tenantId, request.ContactId, request.Data, PreviewEmail, cancellationToken);
        if (problem is not null)
        {
            return (null, problem);
        }

        var url = request.ContactId is null
            ? BroadcastMailComposer.UnsubscribeUrl(listOptions.Value.PublicBaseUrl, "preview")
            : BroadcastMailComposer.UnsubscribeUrl(listOptions.Value.PublicBaseUrl, tokens.CreateUnsubscribe(tenantId, broadcast.ListId, contact!.Id));
        var (rendered, failed) = await RenderAsync(broadcast, contact!, url, cancellationToken);
        if (failed is not null)
        {
            return (null, failed);
        }

        var headers = BroadcastMailComposer.ListUnsubscribe(url).ToDictionary(h => h.Key, h => h.Value, StringComparer.Ordinal);
        return (new BroadcastPreviewResponse(rendered!.Subject, rendered.Html, rendered.Text, headers), null);
    }

    /// <summary>
    /// Sends the broadcast now to a few addresses, each its own message: subject marked [Test], tagged with the broadcast
    /// and list but no contact, and an unsubscribe link that unsubscribes nobody, so a tester's complaint or click never
    /// touches a real subscription. Suppressed addresses are reported, not sent to.
    /// </summary>
    public async Task<(BroadcastTestResponse? Result, IResult? Problem)> TestAsync(
        string tenantId, string id, TestBroadcastRequest request, HttpResponse response, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new ValidationErrors();
        if (request.To is not { Count: > 0 and <= MaxTestRecipients } to)
        {
            errors.Add("to", $"Give 1-{MaxTestRecipients} addresses to send the test to.");
            to = [];
        }

        var addresses = new List<MailboxAddress>();
        for (var i = 0; i < to.Count; i++)
        {
            if (ParseAddress(to[i]) is { } mailbox)
            {
                addresses.Add(mailbox);
            }
            else
            {
                errors.Add($"to[{i}]", $"'{Shorten(to[i])}' is not a valid email address (RFC 5322 mailbox, e.g. \"Jane <jane@example.com>\").");
            }
        }

        if (errors.Any)
        {
            return (null, errors.ToProblem("The test send is not valid"));
        }

        if (await Store.GetAsync(tenantId, id, cancellationToken) is not { } broadcast)
        {
            return (null, BroadcastProblems.NotFound(id));
        }

        if (listOptions.Value.PublicBaseUrl is null)
        {
            return (null, BroadcastProblems.ListsNotConfigured());
        }

        var tenant = await tenants.GetAsync(tenantId, cancellationToken);
        if (MailSubmission.RefuseUnlessReady(tenant, tenantId) is { } refusal)
        {
            return (null, refusal);
        }

        var (contact, problem) = await ContactForAsync(tenantId, request.ContactId, request.Data, addresses[0].Address, cancellationToken);
        if (problem is not null)
        {
            return (null, problem);
        }

        var url = BroadcastMailComposer.UnsubscribeUrl(listOptions.Value.PublicBaseUrl, "test");
        var (rendered, failed) = await RenderAsync(broadcast, contact!, url, cancellationToken);
        if (failed is not null)
        {
            return (null, failed);
        }

        var message = BroadcastMailComposer.Message(broadcast, contact!, rendered! with { Subject = "[Test] " + rendered!.Subject }, BroadcastMailComposer.ListUnsubscribe(url));
        message = message with { Tags = [.. message.Tags.Where(t => t.Key != MessageTags.Contact)] };
        var sent = new List<BroadcastTestSend>();
        try
        {
            foreach (var address in addresses)
            {
                var outcome = await sender.SendAsync(tenant!, message with { To = [address] }, cancellationToken);
                sent.Add(new BroadcastTestSend(address.Address, outcome.MessageId, !outcome.Sent));
            }
        }
        catch (SesException e)
        {
            return (null, AwsFailureProblems.From(e, response, "SendEmail", "ses:SendRawEmail"));
        }
        catch (RoleAssumptionException e)
        {
            return (null, AwsFailureProblems.From(e, response, tenant!.ExternalId));
        }

        return (new BroadcastTestResponse(sent), null);
    }

    /// <summary>Draft -> Scheduled (now or at scheduledAt), its template version pinned; the expander starts it when due.</summary>
    public async Task<(Broadcast? Broadcast, IResult? Problem)> SendAsync(string tenantId, string id, SendBroadcastRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var now = time.GetUtcNow();
        var at = now;
        if (request.ScheduledAt is not null)
        {
            var parsed = MailScheduler.ParseScheduledAt(request.ScheduledAt, now);
            if (parsed.Problem is { } invalid)
            {
                return (null, invalid);
            }

            at = parsed.Value;
        }

        if (await Store.GetAsync(tenantId, id, cancellationToken) is not { } broadcast)
        {
            return (null, BroadcastProblems.NotFound(id));
        }

        if (broadcast.Status != BroadcastStatus.Draft)
        {
            return (null, BroadcastProblems.WrongState(broadcast, "sent", "only a draft can be sent; create a new broadcast to send again."));
        }

        if (tokens is null || listOptions.Value.PublicBaseUrl is null)
        {
            return (null, BroadcastProblems.ListsNotConfigured());
        }

        if (MailSubmission.RefuseUnlessReady(await tenants.GetAsync(tenantId, cancellationToken), tenantId) is { } refusal)
        {
            return (null, refusal);
        }

        if (await lists.GetAsync(tenantId, broadcast.ListId, cancellationToken) is null)
        {
            return (null, ValidationErrors.Problem("listId", $"The broadcast's list '{broadcast.ListId}' no longer exists; PATCH the draft with another listId.", "The broadcast cannot be sent"));
        }

        var content = broadcast.Content;
        if (content.TemplateName is { } name)
        {
            // Pinned now: a later version of the template does not change a broadcast already on its way.
            var template = await templates.GetAsync(tenantId, name, content.TemplateVersion, cancellationToken);
            if (template is null)
            {
                return (null, TemplateProblems.NotFound(name, content.TemplateVersion));
            }

            content = content with { TemplateVersion = template.Version };
        }

        var change = await BroadcastTransitions.ApplyAsync(Store, tenantId, id, b => b.Status != BroadcastStatus.Draft ? null : b with
        {
            Status = BroadcastStatus.Scheduled,
            ScheduledAt = at,
            Content = content,
            UpdatedAt = now,
        }, cancellationToken);
        return Answer(change, id, "sent", "only a draft can be sent; create a new broadcast to send again.");
    }

    public async Task<(Broadcast? Broadcast, IResult? Problem)> PauseAsync(string tenantId, string id, PauseBroadcastRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var reason = request.Reason is { Length: > 0 } given ? given.Trim() : "Paused by the tenant.";
        if (reason.Length > 500)
        {
            return (null, ValidationErrors.Problem("reason", "A reason is at most 500 characters.", "The pause is not valid"));
        }

        var now = time.GetUtcNow();
        var change = await BroadcastTransitions.ApplyAsync(Store, tenantId, id,
            b => b.Status is BroadcastStatus.Scheduled or BroadcastStatus.Sending ? b with { Status = BroadcastStatus.Paused, PauseReason = reason, UpdatedAt = now } : null,
            cancellationToken);
        return Answer(change, id, "paused", "only a scheduled or sending broadcast can be paused.");
    }

    /// <summary>
    /// Paused -> Scheduled or Sending. A broadcast the reputation guard paused resumes only with
    /// <paramref name="acknowledgeGuard"/> (else 409 naming its rates), and from then on the guard judges it by what is
    /// sent after the resume; otherwise the same window would pause it again at once.
    /// </summary>
    public async Task<(Broadcast? Broadcast, IResult? Problem)> ResumeAsync(string tenantId, string id, bool acknowledgeGuard, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        Broadcast? unacknowledged = null;
        var change = await BroadcastTransitions.ApplyAsync(Store, tenantId, id,
            b =>
            {
                if (b.Status != BroadcastStatus.Paused)
                {
                    return null;
                }

                var guarded = BroadcastGuard.PausedByGuard(b);
                if (guarded && !acknowledgeGuard)
                {
                    unacknowledged = b;
                    return null;
                }

                unacknowledged = null;
                return b with
                {
                    Status = b.StartedAt is null ? BroadcastStatus.Scheduled : BroadcastStatus.Sending,
                    PauseReason = null,
                    GuardAcknowledgedAt = guarded ? now : b.GuardAcknowledgedAt,
                    UpdatedAt = now,
                };
            },
            cancellationToken);
        if (!change.Changed && unacknowledged is not null)
        {
            return (null, BroadcastProblems.GuardNotAcknowledged(unacknowledged));
        }

        return Answer(change, id, "resumed", "only a paused broadcast can be resumed.");
    }

    public async Task<(Broadcast? Broadcast, IResult? Problem)> CancelAsync(string tenantId, string id, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var change = await BroadcastTransitions.ApplyAsync(Store, tenantId, id,
            b => b.Status is BroadcastStatus.Scheduled or BroadcastStatus.Sending or BroadcastStatus.Paused
                ? b with { Status = BroadcastStatus.Cancelled, UpdatedAt = now }
                : null,
            cancellationToken);
        return Answer(change, id, "cancelled", "only a scheduled, sending or paused broadcast can be cancelled; a draft is deleted instead.");
    }

    private static (Broadcast?, IResult?) Answer(BroadcastChange change, string id, string action, string needs) =>
        change switch
        {
            { NotFound: true } => (null, BroadcastProblems.NotFound(id)),
            { Changed: true } => (change.Broadcast, null),
            _ => (null, BroadcastProblems.WrongState(change.Broadcast!, action, needs)),
        };

    private async Task<(RenderedTemplate? Rendered, IResult? Problem)> RenderAsync(Broadcast broadcast, Contact contact, string unsubscribeUrl, CancellationToken cancellationToken)
    {
        try
        {
            return (await renderer.RenderAsync(broadcast.TenantId, broadcast.Content, broadcast.Id, broadcast.UpdatedAt,
                ListMailRenderer.Data(contact, ("unsubscribe_url", unsubscribeUrl)), cancellationToken), null);
        }
        catch (TemplateRenderException e)
        {
            return (null, TemplateProblems.From(e));
        }
        catch (KeyNotFoundException e)
        {
            return (null, Problems.Create(StatusCodes.Status404NotFound, "Template not found", e.Message + " Change the broadcast's template."));
        }
    }

    /// <summary>The contact to render for: the tenant's contact, or one made of <paramref name="data"/> (sample attributes).</summary>
    private async Task<(Contact? Contact, IResult? Problem)> ContactForAsync(
        string tenantId, string? contactId, JsonElement? data, string email, CancellationToken cancellationToken)
    {
        if (contactId is not null)
        {
            if (data is not null)
            {
                return (null, ValidationErrors.Problem("data", "Give contactId or data, not both.", "The request is not valid"));
            }

            return RandomId.IsWellFormed(ListIds.Contact, contactId) && await contacts.GetAsync(tenantId, contactId, cancellationToken) is { } contact
                ? (contact, null)
                : (null, ValidationErrors.Problem("contactId", $"The tenant has no contact '{Shorten(contactId)}'.", "The request is not valid"));
        }

        if (data is { ValueKind: not JsonValueKind.Object })
        {
            return (null, ValidationErrors.Problem("data", "data is a JSON object of the attributes a contact would have, e.g. {\"first_name\":\"Jane\"}.", "The request is not valid"));
        }

        var now = time.GetUtcNow();
        return (new Contact
        {
            TenantId = tenantId,
            Id = "ct_sample",
            Email = email,
            Attributes = data?.GetRawText() ?? "{}",
            CreatedAt = now,
            UpdatedAt = now,
        }, null);
    }

    private async Task<(MessageContent? Content, IResult? Problem)> CheckContentAsync(
        string tenantId, string? subject, string? html, string? text, BroadcastTemplateReference? template, bool required, ValidationErrors errors, CancellationToken cancellationToken)
    {
        var inline = subject is not null || html is not null || text is not null;
        if (template is not null && inline)
        {
            errors.Add("template", "Give either template or subject with html/text, not both.");
            return (null, null);
        }

        if (template is not null)
        {
            if (!TemplateName.IsValid(template.Name))
            {
                errors.Add("template.name", TemplateName.Rule);
                return (null, null);
            }

            if (template.Version is < 1)
            {
                errors.Add("template.version", "A version, when given, is a number from 1; leave it out to use the latest when the broadcast is sent.");
                return (null, null);
            }

            if (await templates.GetAsync(tenantId, template.Name!, template.Version, cancellationToken) is null)
            {
                errors.Add("template", template.Version is { } v ? $"The template '{template.Name}' has no version {v}." : $"There is no template '{template.Name}'.");
                return (null, null);
            }

            return (new MessageContent { TemplateName = template.Name, TemplateVersion = template.Version }, null);
        }

        if (!inline)
        {
            if (required)
            {
                errors.Add("subject", "Give subject with html and/or text, or template: {\"name\": ...}.");
            }

            return (null, null);
        }

        var (checkedContent, problem) = templateCatalog.Check(subject, html, text);
        return checkedContent is null
            ? (null, problem)
            : (new MessageContent { Subject = checkedContent.Subject, Html = checkedContent.Html, Text = checkedContent.Text }, null);
    }

    private static void CheckName(string? name, bool required, ValidationErrors errors)
    {
        if (name is null ? required : string.IsNullOrWhiteSpace(name) || name.Length > MaxNameLength)
        {
            errors.Add("name", $"A name is required: 1-{MaxNameLength} characters, for the tenant's own reference.");
        }
    }

    private static void CheckAddress(string? value, string field, ValidationErrors errors)
    {
        if (value is not null && ParseAddress(value) is null)
        {
            errors.Add(field, $"'{Shorten(value)}' is not a valid email address (RFC 5322 mailbox, e.g. \"News <news@example.com>\").");
        }
    }

    private static MailboxAddress? ParseAddress(string? value) =>
        value is { Length: > 0 and <= MaxAddressLength } && value.AsSpan().IndexOfAny('\r', '\n') < 0
        && MailboxAddress.TryParse(AddressParser, value, out var mailbox) && mailbox.Address.Contains('@', StringComparison.Ordinal)
        && Ascii.IsValid(mailbox.LocalPart)
            ? mailbox
            : null;

    private static (bool Given, string? Value) CheckSegment(JsonElement? segment, ValidationErrors errors)
    {
        if (segment is not { } value)
        {
            return (false, null);
        }

        if (value.ValueKind == JsonValueKind.Object && !value.EnumerateObject().Any())
        {
            return (true, null); // {}: every subscriber
        }

        if (BroadcastSegment.Check(value) is { } error)
        {
            errors.Add("segment", error);
            return (false, null);
        }

        return (true, value.GetRawText());
    }

    private static string Shorten(string value) => value.Length > 40 ? value[..40] + "…" : value;
}
