using EmailList.Core.Identifiers;
using EmailList.Core.Lists;
using EmailList.ServiceDefaults.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace EmailList.SendApi.Subscriptions;

/// <summary>
/// The public side of email lists, without a token: the sign-up form's POST /subscribe/{publicKey}, and the confirm
/// and unsubscribe links in the lists' mail. Pages for people, JSON for scripts; nothing reveals whether an address
/// is on a list.
/// </summary>
public static class PublicListEndpoints
{
    /// <summary>An unsubscribe or resubscribe POST: the one-click body or the page's empty form.</summary>
    private const int MaxLinkPostBytes = 1024;
    private const int MaxUserAgentLength = 512;

    public static IEndpointRouteBuilder MapPublicListEndpoints(this IEndpointRouteBuilder routes)
    {
        var lists = routes.MapGroup("").WithTags("Public lists").AllowAnonymous().DisableAntiforgery();
        lists.MapPost("/subscribe/{publicKey}", SubscribeAsync)
            .WithName("Subscribe")
            .WithSummary("The sign-up form's target: email plus optional attributes, form-encoded or JSON. The same answer whatever the address's state.")
            .Accepts<Dictionary<string, string>>("application/x-www-form-urlencoded", "application/json")
            .Produces<SignUpResponse>(StatusCodes.Status202Accepted)
            .Produces(StatusCodes.Status200OK, contentType: "text/html")
            .Produces(StatusCodes.Status303SeeOther)
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status413PayloadTooLarge,
                StatusCodes.Status415UnsupportedMediaType, StatusCodes.Status429TooManyRequests);
        lists.MapMethods("/subscribe/{publicKey}", [HttpMethods.Options], PreflightAsync)
            .WithName("SubscribePreflight")
            .WithSummary("CORS preflight: allowed only from the list's allowed origins.");
        lists.MapGet("/confirm/{token}", ConfirmAsync)
            .WithName("ConfirmSubscription")
            .WithSummary("The confirm link of a confirmation mail: confirms the sign-up and answers with a page.");
        lists.MapPost("/confirm/{token}/resend", ResendAsync)
            .WithName("ResendConfirmation")
            .WithSummary("A new confirmation mail for an expired link's sign-up, still pending (at most one per confirmation interval).");
        lists.MapGet("/unsubscribe/{token}", ShowUnsubscribeAsync)
            .WithName("UnsubscribePage")
            .WithSummary("The unsubscribe link: a page with one button. A GET never unsubscribes.");
        lists.MapPost("/unsubscribe/{token}", UnsubscribeAsync)
            .WithName("Unsubscribe")
            .WithSummary("Unsubscribes at once: RFC 8058 one-click (body List-Unsubscribe=One-Click, answered 200 with no body) or the page's button.");
        lists.MapPost("/unsubscribe/{token}/resubscribe", ResubscribeAsync)
            .WithName("Resubscribe")
            .WithSummary("Subscribe again after unsubscribing, from the unsubscribe page.");
        return routes;
    }

    internal static async Task<IResult> SubscribeAsync(string publicKey, HttpContext http, [AsParameters] SignUpServices services, CancellationToken cancellationToken)
    {
        var options = services.Options.Value;
        var request = http.Request;
        var html = WantsHtml(request);
        var client = ClientAddress.Of(http, options);
        if (await services.Limiter.TryClientAsync(client, cancellationToken) is { } wait)
        {
            PublicListLog.ClientLimited(services.Logger, client);
            return TooMany(http, html, wait);
        }

        if (!RandomId.IsWellFormed(ListIds.PublicKey, publicKey) || await services.Lists.GetByPublicKeyAsync(publicKey, cancellationToken) is not { } list)
        {
            return html
                ? PublicPages.UnknownForm.ToResult(http.Response)
                : Problems.Create(StatusCodes.Status404NotFound, "No such sign-up form",
                    "No list has this public key; copy the form's action URL (…/subscribe/pub_…) from the list again.");
        }

        AllowOrigin(http, list);
        var json = JsonBodyEndpoints.IsJson(request.ContentType);
        if (!json && !IsForm(request.ContentType))
        {
            return Refuse(http, html, StatusCodes.Status415UnsupportedMediaType, "Unsupported media type",
                "Send the form as application/x-www-form-urlencoded (an HTML form's default) or as JSON.");
        }

        var body = await RequestBody.ReadAsync(request, options.MaxRequestBytes, cancellationToken);
        if (body is null)
        {
            return Refuse(http, html, StatusCodes.Status413PayloadTooLarge, "Request too large",
                $"A sign-up is at most {options.MaxRequestBytes} bytes: the address and a few short attributes.");
        }

        var (form, error) = SignUpFormReader.Read(body, json, options);
        if (form is null)
        {
            return Refuse(http, html, StatusCodes.Status400BadRequest, "Invalid sign-up", error!);
        }

        if (form.Honeypot)
        {
            // A bot filled the hidden field: it gets the answer a person would, and nothing happens.
            PublicListLog.Honeypot(services.Logger, list.TenantId, list.Id, client);
        }
        else
        {
            if (await services.Limiter.TryAddressAsync(form.Email, cancellationToken) is { } addressWait)
            {
                PublicListLog.AddressLimited(services.Logger, list.TenantId, list.Id);
                return TooMany(http, html, addressWait);
            }

            var consent = new ConsentRecord(services.Time.GetUtcNow(), ConsentRoute.Form, client, UserAgent(request));
            await services.SignUp.SignUpAsync(list, form, consent, cancellationToken);
        }

        if (!html)
        {
            return TypedResults.Accepted((string?)null, new SignUpResponse("accepted", list.DoubleOptIn
                ? "Check your inbox: we've sent a link to confirm the subscription."
                : "Thanks for subscribing."));
        }

        if (form.Redirect is { } redirect && ListOrigins.AllowsRedirect(list, redirect))
        {
            http.Response.Headers.Location = new Uri(redirect).AbsoluteUri;
            return TypedResults.StatusCode(StatusCodes.Status303SeeOther);
        }

        return PublicPages.SignedUp(list.Name, list.DoubleOptIn).ToResult(http.Response);
    }

    internal static async Task<IResult> PreflightAsync(string publicKey, HttpContext http, IListStore lists, CancellationToken cancellationToken)
    {
        if (!RandomId.IsWellFormed(ListIds.PublicKey, publicKey) || await lists.GetByPublicKeyAsync(publicKey, cancellationToken) is not { } list)
        {
            return TypedResults.NotFound();
        }

        if (AllowOrigin(http, list))
        {
            var headers = http.Response.Headers;
            headers.AccessControlAllowMethods = HttpMethods.Post;
            headers.AccessControlAllowHeaders = "Content-Type, Accept";
            headers.AccessControlMaxAge = "600";
        }

        return TypedResults.NoContent();
    }

    internal static async Task<IResult> ConfirmAsync(string token, HttpContext http, SubscriptionLinks links, CancellationToken cancellationToken)
    {
        var answer = await links.ConfirmAsync(token, cancellationToken);
        return PublicPages.ForLink(answer, Path(http, "confirm", token, "resend")).ToResult(http.Response);
    }

    internal static async Task<IResult> ResendAsync(
        string token, HttpContext http, SubscriptionLinks links, SignUpRateLimiter limiter, IOptions<SignUpOptions> options, CancellationToken cancellationToken)
    {
        if (await limiter.TryClientAsync(ClientAddress.Of(http, options.Value), cancellationToken) is { } wait)
        {
            return TooMany(http, html: true, wait);
        }

        return PublicPages.ForLink(await links.ResendAsync(token, cancellationToken)).ToResult(http.Response);
    }

    internal static async Task<IResult> ShowUnsubscribeAsync(string token, HttpContext http, SubscriptionLinks links, CancellationToken cancellationToken)
    {
        var answer = await links.ReadUnsubscribeAsync(token, cancellationToken);
        var action = answer.Outcome == LinkOutcome.Unsubscribed ? Path(http, "unsubscribe", token, "resubscribe") : Path(http, "unsubscribe", token);
        return PublicPages.ForLink(answer, action).ToResult(http.Response);
    }

    internal static async Task<IResult> UnsubscribeAsync(string token, HttpContext http, SubscriptionLinks links, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadAsync(http.Request, MaxLinkPostBytes, cancellationToken);
        if (body is null)
        {
            return Problems.Create(StatusCodes.Status413PayloadTooLarge, "Request too large",
                $"An unsubscribe POST carries at most {MaxLinkPostBytes} bytes: List-Unsubscribe=One-Click, or nothing.");
        }

        if (IsOneClick(body))
        {
            // RFC 8058: the mail provider posts on the person's behalf; the answer is for a machine, so no page.
            var done = await links.UnsubscribeAsync(token, SubscriptionLinks.OneClickReason, cancellationToken);
            PublicPage.SecureHeaders(http.Response);
            return done.Outcome == LinkOutcome.Unsubscribed ? TypedResults.Ok() : TypedResults.NotFound();
        }

        var answer = await links.UnsubscribeAsync(token, SubscriptionLinks.PageReason, cancellationToken);
        return PublicPages.ForLink(answer, Path(http, "unsubscribe", token, "resubscribe")).ToResult(http.Response);
    }

    internal static async Task<IResult> ResubscribeAsync(string token, HttpContext http, SubscriptionLinks links, IOptions<SignUpOptions> options, TimeProvider time, CancellationToken cancellationToken)
    {
        var consent = new ConsentRecord(time.GetUtcNow(), ConsentRoute.Form, ClientAddress.Of(http, options.Value), UserAgent(http.Request));
        return PublicPages.ForLink(await links.ResubscribeAsync(token, consent, cancellationToken)).ToResult(http.Response);
    }

    /// <summary>Sets Access-Control-Allow-Origin when the request's Origin is one the list allows; whether it did.</summary>
    private static bool AllowOrigin(HttpContext http, MailingList list)
    {
        http.Response.Headers.Vary = "Origin";
        string? origin = http.Request.Headers.Origin;
        if (!ListOrigins.Allows(list, origin))
        {
            return false;
        }

        http.Response.Headers.AccessControlAllowOrigin = origin;
        return true;
    }

    // A person's browser (an HTML form posts form-encoded and accepts text/html) gets pages; a script asking for JSON gets JSON.
    private static bool WantsHtml(HttpRequest request)
    {
        var accept = request.Headers.Accept.ToString();
        if (accept.Contains("text/html", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return !accept.Contains("json", StringComparison.OrdinalIgnoreCase) && IsForm(request.ContentType);
    }

    private static bool IsForm(string? contentType) =>
        contentType is not null && contentType.Split(';')[0].Trim().Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase);

    private static bool IsOneClick(byte[] body)
    {
        try
        {
            var form = new FormReader(System.Text.Encoding.UTF8.GetString(body)) { ValueCountLimit = 8 }.ReadForm();
            return form.TryGetValue("List-Unsubscribe", out var value) && string.Equals(value.ToString(), "One-Click", StringComparison.Ordinal);
        }
        catch (InvalidDataException)
        {
            return false;
        }
    }

    private static string? UserAgent(HttpRequest request)
    {
        string? agent = request.Headers.UserAgent;
        return agent is { Length: > MaxUserAgentLength } ? agent[..MaxUserAgentLength] : agent;
    }

    // Root-relative, under the request's PathBase, so the page's button posts back to this service however it is reached.
    private static string Path(HttpContext http, string area, string token, string? action = null) =>
        $"{http.Request.PathBase}/{area}/{Uri.EscapeDataString(token)}" + (action is null ? string.Empty : "/" + action);

    private static IResult TooMany(HttpContext http, bool html, TimeSpan wait)
    {
        if (!html)
        {
            return Problems.Create(http.Response, StatusCodes.Status429TooManyRequests, "Too many sign-ups",
                "Too many sign-ups from this client or for this address; wait for the time in Retry-After and try again.", wait);
        }

        http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return PublicPages.TooMany.ToResult(http.Response);
    }

    private static IResult Refuse(HttpContext http, bool html, int status, string title, string detail) =>
        html ? PublicPages.Refused(status, detail).ToResult(http.Response) : Problems.Create(status, title, detail);
}
