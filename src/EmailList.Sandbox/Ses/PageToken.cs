using System.Globalization;
using System.Text;

namespace EmailList.Sandbox.Ses;

/// <summary>The sandbox's SES NextToken: an opaque-looking wrapper of the offset of the next page.</summary>
internal static class PageToken
{
    public static string Create(int offset) => Convert.ToBase64String(Encoding.UTF8.GetBytes($"offset:{offset}"));

    public static bool TryRead(string token, out int offset)
    {
        offset = 0;
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(token));
            return text.StartsWith("offset:", StringComparison.Ordinal)
                && int.TryParse(text["offset:".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out offset);
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
