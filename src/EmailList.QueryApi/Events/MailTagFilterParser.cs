using System.Globalization;
using EmailList.Core.Events;
using EmailList.Core.Identifiers;
using EmailList.Core.Lists;
using EmailList.Core.Mail;
using EmailList.Core.Templates;
using EmailList.QueryApi.Http;
using EmailList.ServiceDefaults.Http;
using EmailList.ServiceDefaults.OpenApi;

namespace EmailList.QueryApi.Events;

/// <summary>
/// The <c>template</c>, <c>templateVersion</c> and <c>broadcast</c> parameters of /events and /stats, as the tags we put on
/// the mail (<see cref="MessageTags"/>) that its events must carry.
/// </summary>
internal static class MailTagFilterParser
{
    public static readonly IReadOnlyList<string> Parameters = ["template", "templateVersion", "broadcast"];

    public static readonly QueryParameter[] Documented =
    [
        new("template", "Only events of mail rendered from this stored template (its el_template tag)."),
        new("templateVersion", "With template: only events of mail rendered from this version of it (el_template_version)."),
        new("broadcast", "Only events of mail of this broadcast (bc_ id; its el_broadcast tag)."),
    ];

    public static IReadOnlyList<EventTagFilter> Parse(IQueryCollection query, ValidationErrors errors)
    {
        var tags = new List<EventTagFilter>();
        var template = QueryParameters.Single(query, "template", errors);
        if (template is not null)
        {
            if (TemplateName.IsValid(template))
            {
                tags.Add(new EventTagFilter(MessageTags.Template, template));
            }
            else
            {
                errors.Add("template", TemplateName.Rule + " Use the name given to POST /templates.");
            }
        }

        if (QueryParameters.Single(query, "templateVersion", errors) is { } versionText)
        {
            if (!int.TryParse(versionText, NumberStyles.None, CultureInfo.InvariantCulture, out var version) || version < 1)
            {
                errors.Add("templateVersion", "templateVersion is a template's version number, a whole number from 1.");
            }
            else if (template is null)
            {
                errors.Add("templateVersion", "templateVersion narrows a template: give template= with it.");
            }
            else
            {
                tags.Add(new EventTagFilter(MessageTags.TemplateVersion, version.ToString(CultureInfo.InvariantCulture)));
            }
        }

        if (QueryParameters.Single(query, "broadcast", errors) is { } broadcast)
        {
            if (RandomId.IsWellFormed(ListIds.Broadcast, broadcast))
            {
                tags.Add(new EventTagFilter(MessageTags.Broadcast, broadcast));
            }
            else
            {
                errors.Add("broadcast", $"A broadcast id is '{ListIds.Broadcast}' and {RandomId.BodyLength} lower-case letters and digits, as POST /broadcasts returned it.");
            }
        }

        return tags;
    }
}
