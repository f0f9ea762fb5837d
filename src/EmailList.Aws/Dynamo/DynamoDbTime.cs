using System.Globalization;

namespace EmailList.Aws.Dynamo;

/// <summary>Times are fixed-width ISO-8601 UTC strings (100 ns precision), so they sort as they compare.</summary>
internal static class DynamoDbTime
{
    private const string Format = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    public static string Write(DateTimeOffset value) => value.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture);

    public static DateTimeOffset Read(string value) =>
        new(DateTime.ParseExact(value, Format, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal), TimeSpan.Zero);
}
