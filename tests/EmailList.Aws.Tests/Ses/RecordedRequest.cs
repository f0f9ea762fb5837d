using System.Text;
using System.Text.Json;

namespace EmailList.Aws.Tests.Ses;

/// <param name="RawTarget">The request target exactly as sent, percent-encoding included.</param>
public sealed record RecordedRequest(
    string Method,
    string RawTarget,
    string Path,
    string Query,
    IReadOnlyDictionary<string, string> Headers,
    byte[] Body)
{
    public string BodyText => Encoding.UTF8.GetString(Body);

    public JsonElement Json() => JsonDocument.Parse(Body).RootElement.Clone();

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}
