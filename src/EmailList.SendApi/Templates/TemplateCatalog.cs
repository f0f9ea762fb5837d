using System.Globalization;
using System.Text;
using System.Text.Json;
using EmailList.Core.Credentials;
using EmailList.Core.Mail;
using EmailList.Core.Ses;
using EmailList.Core.Templates;
using EmailList.Core.Tenants;
using EmailList.SendApi.Mail;
using EmailList.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Logging;

namespace EmailList.SendApi.Templates;

/// <summary>
/// A tenant's templates: checked before they are stored (name, size, syntax), versioned by the store, rendered for a
/// preview or a send, and imported from the tenant's own SES account.
/// </summary>
public sealed class TemplateCatalog(
    ITemplateStore store, TemplateRenderer renderer, TimeProvider time, TenantCredentialBroker broker, ISesClient ses, ILogger<TemplateCatalog> logger)
{
    // SES allows 20,000 templates per region; ListEmailTemplates gives at most 100 a page.
    private const int ImportPageSize = 100;
    private const int MaxImported = 20_000;

    public ITemplateStore Store { get; } = store;

    /// <summary>The parts as a <see cref="TemplateContent"/>, or the answer that says what is wrong with them (400, 413 or 422).</summary>
    public (TemplateContent? Content, IResult? Problem) Check(string? subject, string? html, string? text)
    {
        var errors = new ValidationErrors();
        if (string.IsNullOrWhiteSpace(subject))
        {
            errors.Add("subject", "A subject is required, e.g. \"Welcome, {{name}}\".");
        }
        else if (subject.Length > TemplateLimits.MaxSubjectLength || subject.AsSpan().IndexOfAny('\r', '\n') >= 0)
        {
            errors.Add("subject", $"A subject is one line of at most {TemplateLimits.MaxSubjectLength} characters.");
        }

        if (html is null && text is null)
        {
            errors.Add("html", "Give html, text or both.");
        }

        if (errors.Any)
        {
            return (null, errors.ToProblem("The template is not valid"));
        }

        if (Encoding.UTF8.GetByteCount(subject!) + Encoding.UTF8.GetByteCount(html ?? "") + Encoding.UTF8.GetByteCount(text ?? "") > TemplateLimits.MaxContentBytes)
        {
            return (null, TemplateProblems.TooLarge());
        }

        var content = new TemplateContent(subject!, html, text);
        try
        {
            renderer.CheckSyntax(content);
        }
        catch (TemplateRenderException e)
        {
            return (null, TemplateProblems.From(e));
        }

        return (content, null);
    }

    public Task<Template?> CreateAsync(string tenantId, string name, TemplateContent content, CancellationToken cancellationToken) =>
        Store.CreateAsync(tenantId, name, content, time.GetUtcNow(), cancellationToken);

    public Task<Template?> UpdateAsync(string tenantId, string name, TemplateContent content, CancellationToken cancellationToken) =>
        Store.UpdateAsync(tenantId, name, content, time.GetUtcNow(), cancellationToken);

    /// <summary>The rendered template, or 404 (no such template or version), 400 (data not an object) or 422 (cannot be rendered).</summary>
    public async Task<(Template? Template, RenderedTemplate? Rendered, ProblemHttpResult? Problem)> RenderAsync(
        string tenantId, string name, int? version, JsonElement? data, CancellationToken cancellationToken)
    {
        if (data is { ValueKind: not (JsonValueKind.Object or JsonValueKind.Null or JsonValueKind.Undefined) })
        {
            return (null, null, Problems.Create(StatusCodes.Status400BadRequest, "Template data is not an object",
                "'data' is a JSON object of the template's variables, e.g. {\"name\": \"Jane\"}."));
        }

        var template = TemplateName.IsValid(name) ? await Store.GetAsync(tenantId, name, version, cancellationToken) : null;
        if (template is null)
        {
            return (null, null, TemplateProblems.NotFound(name, version));
        }

        try
        {
            return (template, renderer.Render(template, data), null);
        }
        catch (TemplateRenderException e)
        {
            TemplateLog.RenderFailed(logger, tenantId, name, e.Failure, e.Part);
            return (template, null, TemplateProblems.From(e));
        }
    }

    /// <summary>
    /// A POST /mail request with a template: the request with the rendered subject, html and text in its place, and the tags
    /// that name the template; or the refusal (400 when content is given too, 422 when the template is unknown or cannot be rendered).
    /// </summary>
    public async Task<(SendMailRequest? Request, IReadOnlyList<KeyValuePair<string, string>> Tags, ProblemHttpResult? Problem)> ApplyAsync(
        string tenantId, SendMailRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var reference = request.Template!;
        if (request.Subject is not null || request.Html is not null || request.Text is not null)
        {
            return (null, [], Problems.Create(StatusCodes.Status400BadRequest, "Template and content both given",
                "A message takes either 'template' or 'subject'/'html'/'text', not both: the template renders the subject, html and text."));
        }

        if (!TemplateName.IsValid(reference.Name) || reference.Version is < 1)
        {
            return (null, [], Problems.Create(StatusCodes.Status400BadRequest, "Invalid template reference",
                $"'template.name' is required. {TemplateName.Rule} 'template.version', when given, is a version number from 1."));
        }

        var (template, rendered, problem) = await RenderAsync(tenantId, reference.Name!, reference.Version, reference.Data, cancellationToken);
        if (problem is not null)
        {
            // On POST /mail the path exists; what is missing is the template the message refers to.
            return (null, [], problem.StatusCode == StatusCodes.Status404NotFound
                ? Problems.Create(StatusCodes.Status422UnprocessableEntity, "Unknown template", problem.ProblemDetails.Detail!)
                : problem);
        }

        return (request with { Template = null, Subject = rendered!.Subject, Html = rendered.Html, Text = rendered.Text },
            [new(MessageTags.Template, template!.Name), new(MessageTags.TemplateVersion, template.Version.ToString(CultureInfo.InvariantCulture))],
            null);
    }

    /// <summary>Copies the templates of the tenant's SES account that it does not have yet, through its role with a read-only session.</summary>
    public async Task<(TemplateImportResponse? Result, ProblemHttpResult? Problem)> ImportAsync(Tenant tenant, HttpResponse response, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        if (tenant.RoleArn is null || tenant.Region is null)
        {
            return (null, Problems.Create(StatusCodes.Status409Conflict, "No IAM role yet",
                "The tenant has no IAM role, so its SES account cannot be reached: set one with PUT /tenant/role."));
        }

        SesSession session;
        try
        {
            var credentials = await broker.AssumeUncachedAsync(tenant.RoleArn, tenant.ExternalId, tenant.Id, TemplateImportSessionPolicy.Json, cancellationToken);
            session = new SesSession(credentials, tenant.Region);
        }
        catch (RoleAssumptionException e)
        {
            return (null, AwsFailureProblems.From(e, response, tenant.ExternalId));
        }

        var imported = new List<ImportedTemplate>();
        var skipped = new List<SkippedTemplate>();
        var operation = "ListEmailTemplates";
        try
        {
            string? token = null;
            do
            {
                operation = "ListEmailTemplates";
                var page = await ses.ListEmailTemplatesAsync(session, token, ImportPageSize, cancellationToken);
                foreach (var name in page.Names)
                {
                    if (imported.Count + skipped.Count >= MaxImported)
                    {
                        break;
                    }

                    operation = "GetEmailTemplate";
                    var (done, reason) = await ImportOneAsync(tenant.Id, session, name, cancellationToken);
                    if (done is not null)
                    {
                        imported.Add(done);
                    }
                    else
                    {
                        skipped.Add(new SkippedTemplate(name, reason!));
                    }
                }

                token = page.NextToken;
            }
            while (token is not null && imported.Count + skipped.Count < MaxImported);
        }
        catch (SesException e)
        {
            return (null, AwsFailureProblems.From(e, response, operation, "ses:" + operation));
        }

        TemplateLog.Imported(logger, tenant.Id, imported.Count, skipped.Count);
        return (new TemplateImportResponse(imported, skipped), null);
    }

    private async Task<(ImportedTemplate? Imported, string? Reason)> ImportOneAsync(string tenantId, SesSession session, string name, CancellationToken cancellationToken)
    {
        if (!TemplateName.IsValid(name))
        {
            return (null, TemplateName.Rule);
        }

        if (await ses.GetEmailTemplateAsync(session, name, cancellationToken) is not { } source)
        {
            return (null, "SES no longer has this template.");
        }

        var (content, problem) = Check(source.Subject, source.Html, source.Text);
        if (content is null)
        {
            return (null, Describe(problem!));
        }

        var created = await CreateAsync(tenantId, name, content, cancellationToken);
        return created is null
            ? (null, $"A template named '{name}' exists already; PUT /templates/{name} replaces it with a new version.")
            : (new ImportedTemplate(created.Name, created.Version), null);
    }

    private static string Describe(IResult problem) => problem switch
    {
        ProblemHttpResult p => p.ProblemDetails.Detail ?? p.ProblemDetails.Title ?? "Not a valid template.",
        ValidationProblem v => string.Join(" ", v.ProblemDetails.Errors.SelectMany(e => e.Value)),
        _ => "Not a valid template.",
    };
}
