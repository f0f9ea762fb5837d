using EmailList.Core.Credentials;
using EmailList.Core.Mail;
using EmailList.Core.Ses;
using EmailList.Core.Tenants;
using EmailList.SendApi.Templates;
using EmailList.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EmailList.SendApi.Mail;

/// <summary>
/// What happens to one submitted message, whether it came alone (POST /mail) or in a batch: render its template if it
/// names one, validate, then send (or, with scheduledAt, store it for later), and map the outcome to the answer. The tenant has already been found and checked (<see cref="RefuseUnlessReady"/>).
/// </summary>
public sealed class MailSubmission(MailSender sender, TemplateCatalog templates, MailScheduler scheduler)
{
    /// <summary>Prepares then delivers: what POST /mail does with its one message.</summary>
    public async Task<Results<Ok<SendMailResponse>, ValidationProblem, ProblemHttpResult>> SubmitAsync(
        Tenant tenant, SendMailRequest request, HttpResponse response, CancellationToken cancellationToken)
    {
        var (prepared, problem) = await PrepareAsync(tenant, request, cancellationToken);
        return problem?.Result switch
        {
            ValidationProblem invalid => invalid,
            ProblemHttpResult refused => refused,
            _ => await DeliverAsync(tenant, prepared!, response, cancellationToken),
        };
    }

    /// <summary>
    /// Renders the message's template if it names one, validates it and, with scheduledAt, checks the time and the
    /// stored size: the message ready to deliver, or why it cannot be. Sends and stores nothing.
    /// </summary>
    public async Task<(PreparedMail? Mail, Results<ValidationProblem, ProblemHttpResult>? Problem)> PrepareAsync(
        Tenant tenant, SendMailRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(request);
        IReadOnlyList<KeyValuePair<string, string>> templateTags = [];
        if (request.Template is not null)
        {
            var (rendered, tags, problem) = await templates.ApplyAsync(tenant.Id, request, cancellationToken);
            if (problem is not null)
            {
                return (null, problem);
            }

            (request, templateTags) = (rendered!, tags);
        }

        if (!SendMailRequestValidator.TryValidate(request, out var message, out var errors))
        {
            return (null, TypedResults.ValidationProblem(errors, title: "The message is not valid"));
        }

        // Added after validation, which refuses the reserved prefix in the caller's own tags.
        if (templateTags.Count > 0)
        {
            message = message! with { Tags = [.. message.Tags, .. templateTags] };
        }

        if (request.ScheduledAt is null)
        {
            return (new PreparedMail(message!, null), null);
        }

        var (scheduled, invalid, tooLarge) = scheduler.Prepare(tenant, request.ScheduledAt, message!);
        return invalid is not null ? (null, invalid)
            : tooLarge is not null ? (null, tooLarge)
            : (new PreparedMail(message!, scheduled), null);
    }

    /// <summary>Sends a prepared message now, or stores it for its scheduled time; SES and STS failures become their answers.</summary>
    /// <param name="response">Where a retryable failure puts its Retry-After.</param>
    public async Task<Results<Ok<SendMailResponse>, ValidationProblem, ProblemHttpResult>> DeliverAsync(
        Tenant tenant, PreparedMail prepared, HttpResponse response, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prepared);
        return prepared.Scheduled is { } scheduled
            ? await scheduler.ScheduleAsync(scheduled, cancellationToken)
            : await SendAsync(tenant, prepared.Message, response, cancellationToken);
    }

    /// <summary>Null when the tenant may send; otherwise the refusal.</summary>
    public static ProblemHttpResult? RefuseUnlessReady(Tenant? tenant, string tenantId)
    {
        if (tenant is null)
        {
            return Problems.Create(StatusCodes.Status403Forbidden, "Unknown tenant", $"The token names tenant '{tenantId}', which does not exist.");
        }

        return tenant.CanSend
            ? null
            : Problems.Create(StatusCodes.Status409Conflict, "Tenant not ready to send",
                tenant.Status == TenantStatus.Suspended
                    ? "The tenant is suspended."
                    : "The tenant has no verified IAM role yet: set one with PUT /tenant/role.");
    }

    private async Task<Results<Ok<SendMailResponse>, ValidationProblem, ProblemHttpResult>> SendAsync(
        Tenant tenant, MailMessage message, HttpResponse response, CancellationToken cancellationToken)
    {
        try
        {
            var outcome = await sender.SendAsync(tenant, message, cancellationToken);
            if (!outcome.Sent)
            {
                return Problems.Create(StatusCodes.Status422UnprocessableEntity, "Every recipient is suppressed",
                    "Nothing was sent: every recipient is on the tenant's suppression list.",
                    new Dictionary<string, object?> { ["suppressed"] = outcome.Suppressed });
            }

            return TypedResults.Ok(new SendMailResponse(outcome.MessageId!, outcome.Suppressed));
        }
        catch (SesException e)
        {
            return AwsFailureProblems.From(e, response, "SendEmail", "ses:SendRawEmail");
        }
        catch (RoleAssumptionException e)
        {
            return AwsFailureProblems.From(e, response, tenant.ExternalId);
        }
    }
}
