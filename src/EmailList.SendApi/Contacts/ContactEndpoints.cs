using System.Text.Json.Nodes;
using EmailList.Core.Identifiers;
using EmailList.Core.Lists;
using EmailList.SendApi.Lists;
using EmailList.ServiceDefaults.Auth;
using EmailList.ServiceDefaults.Http;
using EmailList.ServiceDefaults.OpenApi;
using Microsoft.AspNetCore.Http.HttpResults;
using EmailList.Core.Webhooks;

namespace EmailList.SendApi.Contacts;

public static class ContactEndpoints
{
    private const string InvalidContact = "The contact is not valid";
    private const string InvalidQuery = "The contact query is not valid";

    public static IEndpointRouteBuilder MapContactEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/contacts").WithTags("Contacts").DisableAntiforgery();
        group.MapPost("", CreateAsync).RequireAuthorization(Policies.ListsWrite)
            .WithName("CreateContact")
            .WithSummary("Add a contact (or update the one with this address) and put it on lists: subscribed with a consent statement, else pending with a confirmation mail where the list has double opt-in.")
            .AcceptsJsonOnly<CreateContactRequest>()
            .ProducesProblems(StatusCodes.Status409Conflict, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status422UnprocessableEntity);
        group.MapGet("", ListAsync).RequireAuthorization(Policies.ListsRead)
            .WithName("ListContacts")
            .WithSummary("The tenant's contacts, optionally those on a list (with a status there) and whose address contains a text; paginated by cursor.")
            .WithQueryParameters(
                new("list", "Only contacts on this list."),
                new("status", "With list: pending, subscribed or unsubscribed."),
                new("q", "A part of the address, case-insensitive."),
                new("limit", $"Contacts per page, 1-{ListLimits.MaxPageSize} (default {ListLimits.DefaultPageSize})."),
                new("cursor", "The cursor of the previous page, as given."))
            .ProducesProblems(StatusCodes.Status404NotFound);
        group.MapGet("/export", ContactExport.ExportAsync).RequireAuthorization(Policies.ListsRead)
            .WithName("ExportContacts")
            .WithSummary("Every contact (of a list, with ?list=) as CSV: address, list, status, attributes as JSON, consent record.")
            .WithQueryParameters(new QueryParameter("list", "Only this list's contacts."))
            .Produces(StatusCodes.Status200OK, contentType: ContactExport.ContentType)
            .ProducesProblems(StatusCodes.Status404NotFound);
        group.MapGet("/{id}", GetAsync).RequireAuthorization(Policies.ListsRead)
            .WithName("GetContact")
            .WithSummary("A contact with its attributes and every list it is on, with each consent record.")
            .ProducesProblems(StatusCodes.Status404NotFound);
        group.MapPatch("/{id}", UpdateAsync).RequireAuthorization(Policies.ListsWrite)
            .WithName("UpdateContact")
            .WithSummary("Merge attributes into a contact's (a member set to null is removed).")
            .AcceptsJsonOnly<UpdateContactRequest>()
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status413PayloadTooLarge);
        group.MapDelete("/{id}", EraseAsync).RequireAuthorization(Policies.ListsWrite)
            .WithName("EraseContact")
            .WithSummary("Erase a contact (GDPR): the contact and its subscriptions are deleted, and the address cannot be added again by the API or an import.")
            .ProducesProblems(StatusCodes.Status404NotFound);
        group.MapPut("/{id}/lists/{listId}", SubscribeAsync).RequireAuthorization(Policies.ListsWrite)
            .WithName("SubscribeContact")
            .WithSummary("Put a contact on a list: subscribed with a consent statement, else pending (with a confirmation mail where the list has double opt-in).")
            .AcceptsJsonOnly<SubscribeRequest>()
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status422UnprocessableEntity);
        group.MapDelete("/{id}/lists/{listId}", UnsubscribeAsync).RequireAuthorization(Policies.ListsWrite)
            .WithName("UnsubscribeContact")
            .WithSummary("Unsubscribe a contact from a list (reason 'api'); it stays unsubscribed, its consent record kept.")
            .ProducesProblems(StatusCodes.Status404NotFound);
        return routes;
    }

    internal static async Task<Results<Created<ContactResponse>, Ok<ContactResponse>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        HttpContext http, CallerTenant caller, [AsParameters] ContactServices services, CancellationToken cancellationToken)
    {
        var (request, problem) = await JsonRequestBody.ReadAsync(http.Request, ContactLimits.MaxBodyBytes, ListApiJsonContext.Default.CreateContactRequest, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new ValidationErrors();
        var email = ContactAddress.Normalize(request!.Email, "email", errors);
        var attributes = request.Attributes is null ? null : ContactAttributes.Check(request.Attributes, "attributes", errors);
        CheckConsent(request.Consent, errors);
        var memberships = CheckMemberships(request.Lists, errors);
        if (errors.Any)
        {
            return errors.ToProblem(InvalidContact);
        }

        var wanted = new List<(string Field, string ListId, SubscriptionStatus Status)>(memberships.Count);
        foreach (var (field, listId, status) in memberships)
        {
            var effective = status ?? (request.Consent is null ? SubscriptionStatus.Pending : SubscriptionStatus.Subscribed);
            if (effective == SubscriptionStatus.Subscribed && string.IsNullOrWhiteSpace(request.Consent))
            {
                return ContactProblems.ConsentRequired(field + ".status");
            }

            wanted.Add((field, listId, effective));
        }

        if (await services.Contacts.IsErasedAsync(caller.TenantId, email!, cancellationToken))
        {
            return ContactProblems.Erased();
        }

        var lists = new List<(MailingList List, SubscriptionStatus Status)>(wanted.Count);
        foreach (var (field, listId, status) in wanted)
        {
            var list = await services.Lists.GetAsync(caller.TenantId, listId, cancellationToken);
            if (list is null)
            {
                return ContactProblems.UnknownList(field + ".listId", listId);
            }

            lists.Add((list, status));
        }

        var now = services.Time.GetUtcNow();
        var candidate = new Contact
        {
            TenantId = caller.TenantId,
            Id = RandomId.New(ListIds.Contact),
            Email = email!,
            Attributes = attributes is null ? "{}" : ContactAttributes.Merge("{}", attributes)!,
            CreatedAt = now,
            UpdatedAt = now,
        };
        var contact = await services.Contacts.GetOrAddAsync(candidate, cancellationToken);
        var created = contact.Id == candidate.Id;
        if (!created && attributes is { Count: > 0 })
        {
            var merged = ContactAttributes.Merge(contact.Attributes, attributes);
            if (merged is null)
            {
                return TooLarge();
            }

            contact = await services.Contacts.UpdateAttributesAsync(caller.TenantId, contact.Id, merged, now, cancellationToken) ?? contact;
        }

        if (lists.Count > 0)
        {
            var suppressed = (await services.Suppression.FindSuppressedAsync(caller.TenantId, [contact.Email], cancellationToken)).Count > 0;
            var consent = ConsentSource.From(http, ConsentRoute.Api, request.Consent, now);
            foreach (var (list, status) in lists)
            {
                await services.Enrollment.EnrollAsync(list, contact, status, consent, mayResubscribe: true, suppressed, cancellationToken);
            }
        }

        var view = await ContactViews.DescribeAsync(services.Contacts, contact, cancellationToken);
        return created ? TypedResults.Created($"/contacts/{contact.Id}", view) : TypedResults.Ok(view);
    }

    internal static async Task<Results<Ok<ContactPageResponse>, ValidationProblem, ProblemHttpResult>> ListAsync(
        HttpRequest http, CallerTenant caller, IContactStore contacts, IListStore lists, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var (limit, cursor) = PageQuery.Read(http, errors);
        var listId = http.Query["list"].ToString() is { Length: > 0 } l ? l : null;
        SubscriptionStatus? status = null;
        if (http.Query["status"].ToString() is { Length: > 0 } statusText)
        {
            status = ContactStatus.ParseFilter(statusText);
            if (status is null)
            {
                errors.Add("status", "A status is pending, subscribed or unsubscribed.");
            }
            else if (listId is null)
            {
                errors.Add("status", "A status is a status on a list: give 'list' too.");
            }
        }

        var text = http.Query["q"].ToString() is { Length: > 0 } q ? q.Trim() : null;
        if (text?.Length > ContactLimits.MaxSearchLength)
        {
            errors.Add("q", $"A search text is at most {ContactLimits.MaxSearchLength} characters.");
        }

        if (errors.Any)
        {
            return errors.ToProblem(InvalidQuery);
        }

        if (listId is not null && (!RandomId.IsWellFormed(ListIds.List, listId) || await lists.GetAsync(caller.TenantId, listId, cancellationToken) is null))
        {
            return ListEndpoints.NotFound(listId);
        }

        ContactPage page;
        try
        {
            page = await contacts.QueryAsync(caller.TenantId, new ContactQuery(listId, status, text?.ToLowerInvariant(), limit, cursor), cancellationToken);
        }
        catch (Exception e) when (cursor is not null && e is ArgumentException or FormatException)
        {
            return ValidationErrors.Problem("cursor", PageQuery.Describe(e), InvalidQuery);
        }

        return TypedResults.Ok(new ContactPageResponse(page.Items.Select(v => ContactResponse.From(v.Contact, v.Subscriptions)).ToList(), page.NextCursor));
    }

    internal static async Task<Results<Ok<ContactResponse>, ProblemHttpResult>> GetAsync(
        string id, CallerTenant caller, IContactStore contacts, CancellationToken cancellationToken)
    {
        var contact = RandomId.IsWellFormed(ListIds.Contact, id) ? await contacts.GetAsync(caller.TenantId, id, cancellationToken) : null;
        return contact is null ? ContactProblems.NotFound(id) : TypedResults.Ok(await ContactViews.DescribeAsync(contacts, contact, cancellationToken));
    }

    internal static async Task<Results<Ok<ContactResponse>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        string id, HttpRequest http, CallerTenant caller, IContactStore contacts, TimeProvider time, CancellationToken cancellationToken)
    {
        var (request, problem) = await JsonRequestBody.ReadAsync(http, ContactLimits.MaxBodyBytes, ListApiJsonContext.Default.UpdateContactRequest, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new ValidationErrors();
        var attributes = ContactAttributes.Check(request!.Attributes, "attributes", errors);
        if (errors.Any)
        {
            return errors.ToProblem(InvalidContact);
        }

        var contact = RandomId.IsWellFormed(ListIds.Contact, id) ? await contacts.GetAsync(caller.TenantId, id, cancellationToken) : null;
        if (contact is null)
        {
            return ContactProblems.NotFound(id);
        }

        var merged = ContactAttributes.Merge(contact.Attributes, attributes!);
        if (merged is null)
        {
            return TooLarge();
        }

        var updated = await contacts.UpdateAttributesAsync(caller.TenantId, id, merged, time.GetUtcNow(), cancellationToken);
        return updated is null ? ContactProblems.NotFound(id) : TypedResults.Ok(await ContactViews.DescribeAsync(contacts, updated, cancellationToken));
    }

    internal static async Task<Results<NoContent, ProblemHttpResult>> EraseAsync(
        string id, CallerTenant caller, IContactStore contacts, TimeProvider time, CancellationToken cancellationToken) =>
        RandomId.IsWellFormed(ListIds.Contact, id) && await contacts.EraseAsync(caller.TenantId, id, time.GetUtcNow(), cancellationToken)
            ? TypedResults.NoContent()
            : ContactProblems.NotFound(id);

    internal static async Task<Results<Ok<SubscriptionResponse>, ValidationProblem, ProblemHttpResult>> SubscribeAsync(
        string id, string listId, HttpContext http, CallerTenant caller, [AsParameters] ContactServices services, CancellationToken cancellationToken)
    {
        var (request, problem) = await JsonRequestBody.ReadAsync(http.Request, ContactLimits.MaxBodyBytes, ListApiJsonContext.Default.SubscribeRequest, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new ValidationErrors();
        CheckConsent(request!.Consent, errors);
        SubscriptionStatus? status = null;
        if (request.Status is not null && (status = ContactStatus.ParseWanted(request.Status)) is null)
        {
            errors.Add("status", ContactStatus.Rule);
        }

        if (errors.Any)
        {
            return errors.ToProblem(InvalidContact);
        }

        var wanted = status ?? (string.IsNullOrWhiteSpace(request.Consent) ? SubscriptionStatus.Pending : SubscriptionStatus.Subscribed);
        if (wanted == SubscriptionStatus.Subscribed && string.IsNullOrWhiteSpace(request.Consent))
        {
            return ContactProblems.ConsentRequired("status");
        }

        var contact = RandomId.IsWellFormed(ListIds.Contact, id) ? await services.Contacts.GetAsync(caller.TenantId, id, cancellationToken) : null;
        if (contact is null)
        {
            return ContactProblems.NotFound(id);
        }

        var list = RandomId.IsWellFormed(ListIds.List, listId) ? await services.Lists.GetAsync(caller.TenantId, listId, cancellationToken) : null;
        if (list is null)
        {
            return ListEndpoints.NotFound(listId);
        }

        var now = services.Time.GetUtcNow();
        var suppressed = (await services.Suppression.FindSuppressedAsync(caller.TenantId, [contact.Email], cancellationToken)).Count > 0;
        var outcome = await services.Enrollment.EnrollAsync(
            list, contact, wanted, ConsentSource.From(http, ConsentRoute.Api, request.Consent, now), mayResubscribe: true, suppressed, cancellationToken);
        return TypedResults.Ok(SubscriptionResponse.From(outcome.Subscription));
    }

    internal static async Task<Results<Ok<SubscriptionResponse>, ProblemHttpResult>> UnsubscribeAsync(
        string id, string listId, CallerTenant caller, IContactStore contacts, ListWebhookEvents listEvents, TimeProvider time, CancellationToken cancellationToken)
    {
        var subscription = RandomId.IsWellFormed(ListIds.Contact, id) && RandomId.IsWellFormed(ListIds.List, listId)
            ? await contacts.UnsubscribeAsync(caller.TenantId, listId, id, "api", time.GetUtcNow(), cancellationToken)
            : null;
        if (subscription is not null)
        {
            await listEvents.UnsubscribedAsync(subscription, cancellationToken);
        }

        return subscription is null
            ? Problems.Create(StatusCodes.Status404NotFound, "Subscription not found",
                $"The tenant's contact '{id}' is not on a list '{listId}'; GET /contacts/{id} shows the lists it is on.")
            : TypedResults.Ok(SubscriptionResponse.From(subscription));
    }

    private static void CheckConsent(string? consent, ValidationErrors errors)
    {
        if (consent is not null && (string.IsNullOrWhiteSpace(consent) || consent.Length > ContactLimits.MaxConsentLength))
        {
            errors.Add("consent", $"A consent statement is 1-{ContactLimits.MaxConsentLength} characters saying how and when the address agreed.");
        }
    }

    private static List<(string Field, string ListId, SubscriptionStatus? Status)> CheckMemberships(IReadOnlyList<ListMembershipRequest>? lists, ValidationErrors errors)
    {
        var result = new List<(string, string, SubscriptionStatus?)>();
        if (lists is null)
        {
            return result;
        }

        if (lists.Count > ContactLimits.MaxListsPerRequest)
        {
            errors.Add("lists", $"At most {ContactLimits.MaxListsPerRequest} lists in one request.");
            return result;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < lists.Count; i++)
        {
            var field = $"lists[{i}]";
            if (lists[i] is not { } membership || !RandomId.IsWellFormed(ListIds.List, membership.ListId))
            {
                errors.Add(field + ".listId", "A list id such as \"lst_…\", as POST /lists answered it.");
                continue;
            }

            if (!seen.Add(membership.ListId!))
            {
                errors.Add(field + ".listId", $"'{membership.ListId}' is named twice.");
            }

            SubscriptionStatus? status = null;
            if (membership.Status is not null && (status = ContactStatus.ParseWanted(membership.Status)) is null)
            {
                errors.Add(field + ".status", ContactStatus.Rule);
                continue;
            }

            result.Add((field, membership.ListId!, status));
        }

        return result;
    }

    private static ProblemHttpResult TooLarge() => Problems.Create(StatusCodes.Status413PayloadTooLarge, "Attributes too large",
        $"With these changes the contact's attributes would be larger than {ContactLimits.MaxAttributesBytes} bytes of JSON; remove some (set them to null).");
}
