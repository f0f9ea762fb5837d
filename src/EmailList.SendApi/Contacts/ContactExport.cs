using System.Globalization;
using CsvHelper;
using EmailList.Core.Identifiers;
using EmailList.Core.Lists;
using EmailList.SendApi.Lists;
using EmailList.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EmailList.SendApi.Contacts;

/// <summary>
/// GET /contacts/export: every contact, page after page from the store, written as CSV while it is read (never the
/// whole export in memory). A cell that a spreadsheet would run as a formula (starting with = + - @, tab or CR) is
/// prefixed with a quote, as OWASP recommends for CSV injection.
/// </summary>
public static class ContactExport
{
    public const string ContentType = "text/csv; charset=utf-8";

    private const int PageSize = 100;

    private static readonly string[] Header =
    [
        "email", "list_id", "status", "attributes", "consent_at", "consent_route", "consent_ip", "consent_user_agent", "consent_statement",
        "confirmed_at", "unsubscribed_at", "unsubscribe_reason", "contact_id", "created_at",
    ];

    // RFC 4180 (CRLF, quotes where needed); a possible formula gets a leading ' (CsvHelper's characters are OWASP's: = + - @ tab CR).
    internal static CsvWriterOptions Options { get; } = new() { Injection = CsvInjection.Escape, FormatProvider = CultureInfo.InvariantCulture };

    internal static async Task<Results<PushStreamHttpResult, ProblemHttpResult>> ExportAsync(
        HttpRequest http, CallerTenant caller, IContactStore contacts, IListStore lists, CancellationToken cancellationToken)
    {
        var listId = http.Query["list"].ToString() is { Length: > 0 } l ? l : null;
        if (listId is not null && (!RandomId.IsWellFormed(ListIds.List, listId) || await lists.GetAsync(caller.TenantId, listId, cancellationToken) is null))
        {
            return ListEndpoints.NotFound(listId);
        }

        var fileName = $"contacts-{listId ?? "all"}.csv";
        return TypedResults.Stream(stream => WriteAsync(stream, contacts, caller.TenantId, listId, cancellationToken), ContentType, fileName);
    }

    internal static async Task WriteAsync(Stream stream, IContactStore contacts, string tenantId, string? listId, CancellationToken cancellationToken)
    {
        await using var csv = CsvWriter.Create(stream, Options, leaveOpen: true);
        foreach (var name in Header)
        {
            csv.WriteField(name);
        }

        await csv.EndRecordAsync(cancellationToken);
        string? cursor = null;
        do
        {
            var page = await contacts.QueryAsync(tenantId, new ContactQuery(listId, Limit: PageSize, Cursor: cursor), cancellationToken);
            foreach (var view in page.Items)
            {
                var subscriptions = listId is null ? view.Subscriptions : view.Subscriptions.Where(s => s.ListId == listId).ToList();
                if (subscriptions.Count == 0)
                {
                    await WriteRowAsync(csv, view.Contact, null, cancellationToken);
                }

                foreach (var subscription in subscriptions)
                {
                    await WriteRowAsync(csv, view.Contact, subscription, cancellationToken);
                }
            }

            await csv.FlushAsync(cancellationToken);
            cursor = page.NextCursor;
        }
        while (cursor is not null);
    }

    private static async Task WriteRowAsync(CsvWriter csv, Contact contact, Subscription? subscription, CancellationToken cancellationToken)
    {
        csv.WriteField(contact.Email);
        csv.WriteField(subscription?.ListId);
        csv.WriteField(subscription is null ? null : ContactStatus.Name(subscription.Status));
        csv.WriteField(contact.Attributes);
        csv.WriteField(Time(subscription?.Consent.At));
        csv.WriteField(subscription is null ? null : ContactStatus.Name(subscription.Consent.Route));
        csv.WriteField(subscription?.Consent.Ip);
        csv.WriteField(subscription?.Consent.UserAgent);
        csv.WriteField(subscription?.Consent.Statement);
        csv.WriteField(Time(subscription?.ConfirmedAt));
        csv.WriteField(Time(subscription?.UnsubscribedAt));
        csv.WriteField(subscription?.UnsubscribeReason);
        csv.WriteField(contact.Id);
        csv.WriteField(Time(contact.CreatedAt));
        await csv.EndRecordAsync(cancellationToken);
    }

    private static string? Time(DateTimeOffset? value) => value?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
