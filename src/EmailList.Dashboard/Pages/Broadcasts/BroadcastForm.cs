using EmailList.Dashboard.Api;

namespace EmailList.Dashboard.Pages.Broadcasts;

/// <summary>The compose form: a list, a name, an optional sender, and either a template or subject with html and/or text.</summary>
public sealed class BroadcastForm
{
    public string? ListId { get; set; }

    public string? Name { get; set; }

    public string? From { get; set; }

    public string? Template { get; set; }

    public string? Subject { get; set; }

    public string? Html { get; set; }

    public string? Text { get; set; }

    /// <summary>Empty fields are absent, so the API applies the list's sender and tells a missing content from a wrong one.</summary>
    public BroadcastDraft Draft() => new(
        ListId?.Trim() ?? "",
        Name?.Trim() ?? "",
        Blank(From)?.Trim(),
        Blank(Subject),
        Blank(Html),
        Blank(Text),
        Blank(Template)?.Trim());

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
