using System.Globalization;
using EmailList.ServiceDefaults.Http;

namespace EmailList.SendApi.Lists;

/// <summary>The <c>limit</c> and <c>cursor</c> of a listing, checked.</summary>
internal static class PageQuery
{
    public static (int Limit, string? Cursor) Read(HttpRequest http, ValidationErrors errors)
    {
        var limit = ListLimits.DefaultPageSize;
        if (http.Query["limit"].ToString() is { Length: > 0 } text
            && (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > ListLimits.MaxPageSize))
        {
            errors.Add("limit", $"A limit is a whole number from 1 to {ListLimits.MaxPageSize}.");
        }

        return (limit, http.Query["cursor"].ToString() is { Length: > 0 } cursor ? cursor : null);
    }

    /// <summary>A store's refusal of a cursor (another tenant's or another query's, or not one of ours), as a 400.</summary>
    public static string Describe(Exception e) => e.Message.Split(" (Parameter", 2)[0];
}
