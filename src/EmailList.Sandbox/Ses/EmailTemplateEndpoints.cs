using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using EmailList.Sandbox.Auth;
using EmailList.Sandbox.State;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace EmailList.Sandbox.Ses;

/// <summary>SES v2 stored templates: CreateEmailTemplate, GetEmailTemplate and ListEmailTemplates, per account and region.</summary>
internal static partial class EmailTemplateEndpoints
{
    private const int DefaultPageSize = 10;
    private const int MaxPageSize = 100;

    public static bool IsTemplateName(string? name) => name is not null && TemplateName().IsMatch(name);

    public static IResult CreateEmailTemplate(HttpContext context, SandboxWorld world, TimeProvider timeProvider, ILogger<SandboxWorld> logger)
    {
        var request = VerifiedRequest.From(context);
        if (SesEndpoints.Admit(request.Caller, "CreateEmailTemplate", world, logger) is { } refusal)
        {
            return SesJson.Error(refusal);
        }

        CreateEmailTemplateInput? input;
        try
        {
            input = JsonSerializer.Deserialize<CreateEmailTemplateInput>(request.Body, SesJson.Options);
        }
        catch (JsonException)
        {
            return SesEndpoints.BadRequest("The request body is not valid JSON.");
        }

        if (!IsTemplateName(input?.TemplateName))
        {
            return SesEndpoints.BadRequest("TemplateName is required: 1-64 of letters, digits, '_' and '-'.");
        }

        if (input!.TemplateContent is not { } content || (content.Html is null && content.Text is null))
        {
            return SesEndpoints.BadRequest("TemplateContent needs Html or Text.");
        }

        var stored = new StoredEmailTemplate(input.TemplateName!, content.Subject, content.Html, content.Text, timeProvider.GetUtcNow());
        return world.SesAccount(request.Caller.AccountId, request.Caller.Region).PutTemplate(stored, replace: false)
            ? SesJson.Ok(new EmptyOutput())
            : SesJson.Error(StatusCodes.Status400BadRequest, "AlreadyExistsException", $"Template {input.TemplateName} already exists.");
    }

    public static IResult GetEmailTemplate(string templateName, HttpContext context, SandboxWorld world, ILogger<SandboxWorld> logger)
    {
        var caller = VerifiedRequest.From(context).Caller;
        if (SesEndpoints.Admit(caller, "GetEmailTemplate", world, logger) is { } refusal)
        {
            return SesJson.Error(refusal);
        }

        return world.SesAccount(caller.AccountId, caller.Region).FindTemplate(templateName) is { } template
            ? SesJson.Ok(new GetEmailTemplateOutput(template.Name, new EmailTemplateContentOutput(template.Subject, template.Html, template.Text)))
            : SesJson.Error(StatusCodes.Status404NotFound, "NotFoundException", $"Template {templateName} does not exist.");
    }

    public static IResult ListEmailTemplates(HttpContext context, SandboxWorld world, ILogger<SandboxWorld> logger)
    {
        var caller = VerifiedRequest.From(context).Caller;
        if (SesEndpoints.Admit(caller, "ListEmailTemplates", world, logger) is { } refusal)
        {
            return SesJson.Error(refusal);
        }

        var query = context.Request.Query;
        var pageSize = DefaultPageSize;
        if (query["PageSize"].ToString() is { Length: > 0 } pageText
            && (!int.TryParse(pageText, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) || pageSize < 1 || pageSize > MaxPageSize))
        {
            return SesEndpoints.BadRequest($"PageSize must be between 1 and {MaxPageSize}.");
        }

        var offset = 0;
        if (query["NextToken"].ToString() is { Length: > 0 } token && !PageToken.TryRead(token, out offset))
        {
            return SesEndpoints.BadRequest("The NextToken is not one this service issued.");
        }

        var templates = world.SesAccount(caller.AccountId, caller.Region).Templates();
        var page = templates.Skip(offset).Take(pageSize)
            .Select(t => new EmailTemplateMetadataOutput(t.Name, t.CreatedAt.ToUnixTimeMilliseconds() / 1000d))
            .ToList();
        var next = offset + pageSize < templates.Count ? PageToken.Create(offset + pageSize) : null;
        return SesJson.Ok(new ListEmailTemplatesOutput(page, next));
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex TemplateName();
}
