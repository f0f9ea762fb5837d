using System.Globalization;
using System.Net;
using EmailList.Core.Templates;

namespace EmailList.Core.Lists;

/// <summary>The built-in confirmation mail, for a list without Confirmation content of its own: plain, polite, html and text.</summary>
public static class DefaultConfirmationMail
{
    public static RenderedTemplate Render(string listName, string email, string confirmUrl, TimeSpan validFor)
    {
        var name = SingleLine(listName);
        var hours = validFor.TotalHours >= 1
            ? string.Create(CultureInfo.InvariantCulture, $"{Math.Floor(validFor.TotalHours):0} hours")
            : string.Create(CultureInfo.InvariantCulture, $"{Math.Max(1, Math.Floor(validFor.TotalMinutes)):0} minutes");
        var subject = $"Confirm your subscription to {name}";
        var text =
            $"Hello,\n\n" +
            $"Someone, hopefully you, asked to subscribe {email} to {name}. Please confirm by opening this link:\n\n" +
            $"{confirmUrl}\n\n" +
            $"The link works for {hours}. If you did not ask for this, ignore this message: you will not be subscribed " +
            $"and will not hear from us again.\n";
        var (h, e, u) = (WebUtility.HtmlEncode(name), WebUtility.HtmlEncode(email), WebUtility.HtmlEncode(confirmUrl));
        var html =
            "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + WebUtility.HtmlEncode(subject) + "</title></head>" +
            "<body style=\"font-family:system-ui,-apple-system,'Segoe UI',sans-serif;line-height:1.5;color:#1a1a1a;max-width:36em;margin:0 auto;padding:1em\">" +
            $"<p>Hello,</p><p>Someone, hopefully you, asked to subscribe <strong>{e}</strong> to <strong>{h}</strong>.</p>" +
            $"<p><a href=\"{u}\" style=\"display:inline-block;padding:.6em 1.2em;background:#1a56db;color:#ffffff;text-decoration:none;border-radius:.3em\">Confirm my subscription</a></p>" +
            $"<p>Or copy this link into your browser:<br><a href=\"{u}\">{u}</a></p>" +
            $"<p>The link works for {hours}. If you did not ask for this, ignore this message: you will not be subscribed and will not hear from us again.</p>" +
            "</body></html>";
        return new RenderedTemplate(subject, html, text);
    }

    // A list name is the tenant's text: no line breaks or control characters into a subject.
    private static string SingleLine(string text) =>
        string.Concat(text.Select(c => char.IsControl(c) ? ' ' : c)).Trim();
}
