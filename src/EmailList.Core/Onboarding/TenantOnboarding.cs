using System.Text;
using EmailList.Core.Credentials;
using EmailList.Core.Forwarding;
using EmailList.Core.Ses;
using EmailList.Core.Tenants;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EmailList.Core.Onboarding;

/// <summary>
/// The paste-a-role-ARN flow: verify a tenant's role end to end (trust, external ID, SES account, permissions),
/// store it only when all of that holds, set SES event forwarding up, and take it all back on offboarding.
/// </summary>
public sealed class TenantOnboarding(
    ITenantStore store,
    TenantCredentialBroker broker,
    ISesClient ses,
    IEventBridgeClient eventBridge,
    ITenantChangePublisher changes,
    IOptions<OnboardingOptions> options,
    TimeProvider time,
    ILogger<TenantOnboarding> logger)
{
    // .invalid can never be a verified SES identity, so the probe can never send anything.
    internal const string ProbeSender = "permission-check@emaillist.invalid";
    internal const string ProbeRecipient = "success@simulator.amazonses.com";

    /// <summary>Verifies the role and, only if every check passes, stores it and sets forwarding up.</summary>
    /// <returns>The tenant as stored, and its SES account as read through the role.</returns>
    /// <exception cref="OnboardingException">A check failed; nothing was changed.</exception>
    public async Task<(Tenant Tenant, SesAccount SesAccount)> SetRoleAsync(Tenant tenant, RoleArn roleArn, string region, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(roleArn);
        var settings = options.Value;
        await EnsureAccountFreeAsync(tenant, roleArn.AccountId, cancellationToken);

        var credentials = await AssumeAsync(tenant, roleArn, cancellationToken);
        await EnsureExternalIdRequiredAsync(tenant, roleArn, cancellationToken);
        var session = new SesSession(credentials, region);
        var sesAccount = await CheckSesAccountAsync(session, region, cancellationToken);
        await ProbeSendPermissionAsync(session, cancellationToken);

        // The platform bus needs no grant per tenant: its one policy statement admits aws.ses events put by any forwarder role
        // under the IAM path /emaillist/ (docs/deploy.md), so no tenant count can outgrow it.
        var configurationSet = tenant.ConfigurationSetName ?? settings.ConfigurationSetName;
        var (forwarding, detail) = await SetUpForwardingAsync(session, roleArn.AccountId, region, configurationSet, cancellationToken);
        var updated = tenant with
        {
            RoleArn = roleArn.Value,
            AwsAccountId = roleArn.AccountId,
            Region = region,
            ConfigurationSetName = configurationSet,
            Status = tenant.Status == TenantStatus.Suspended ? TenantStatus.Suspended : TenantStatus.Active,
            Forwarding = forwarding,
            ForwardingDetail = detail,
            UpdatedAt = time.GetUtcNow(),
        };
        await store.UpdateAsync(updated, cancellationToken);
        TenantOnboardingLog.RoleSet(logger, tenant.Id, roleArn.AccountId, region, forwarding);

        await PrimeSendCredentialsAsync(updated, cancellationToken);
        await changes.PublishAsync(tenant.Id, cancellationToken);
        return (updated, sesAccount);
    }

    /// <summary>
    /// Stops sends at once (here and, through <see cref="ITenantChangePublisher"/>, on every instance) and forgets cached
    /// credentials. Events still forwarded from the account are then attributed to no tenant: the ingester counts and drops them.
    /// </summary>
    /// <returns>The tenant as stored.</returns>
    public async Task<Tenant> RemoveRoleAsync(Tenant tenant, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        var stopped = tenant with
        {
            RoleArn = null,
            AwsAccountId = null,
            Region = null,
            Status = tenant.Status == TenantStatus.Suspended ? TenantStatus.Suspended : TenantStatus.PendingRole,
            Forwarding = ForwardingState.NotConfigured,
            ForwardingDetail = null,
            UpdatedAt = time.GetUtcNow(),
        };
        if (tenant.RoleArn is null && tenant.AwsAccountId is null)
        {
            return stopped;
        }

        await store.UpdateAsync(stopped, cancellationToken);
        await broker.InvalidateAsync(tenant.Id, cancellationToken);
        await changes.PublishAsync(tenant.Id, cancellationToken);
        TenantOnboardingLog.RoleRemoved(logger, tenant.Id);
        return stopped;
    }

    public string PlatformAccountId => options.Value.PlatformAccountId;

    /// <summary>
    /// The customer rule's pattern: SES events of our configuration set only (SES tags every event's mail with
    /// <c>ses:configuration-set</c>), so the account's other SES traffic never leaves it.
    /// </summary>
    public static string ForwardingPattern(string configurationSet) =>
        "{\"source\":[\"aws.ses\"],\"detail\":{\"mail\":{\"tags\":{\"ses:configuration-set\":[" + System.Text.Json.JsonSerializer.Serialize(configurationSet) + "]}}}}";

    private async Task EnsureAccountFreeAsync(Tenant tenant, string accountId, CancellationToken cancellationToken)
    {
        if (tenant.AllowSharedAccount)
        {
            return;
        }

        var others = await store.FindByAccountAsync(accountId, cancellationToken);
        if (others.Any(other => other.Id != tenant.Id))
        {
            throw new OnboardingException(OnboardingFailure.AccountInUse,
                $"AWS account {accountId} is already used by another tenant.",
                "Use a role in an AWS account of your own, or ask the operator to allow sharing this account.");
        }
    }

    private async Task<TemporaryCredentials> AssumeAsync(Tenant tenant, RoleArn roleArn, CancellationToken cancellationToken)
    {
        if (options.Value.RolePath is { Length: > 0 } rolePath && !roleArn.Path.StartsWith(rolePath, StringComparison.Ordinal))
        {
            throw new OnboardingException(OnboardingFailure.AssumeRoleDenied,
                $"The platform may assume only roles under the IAM path {rolePath}, and {roleArn.Value} is under {roleArn.Path}.",
                $"Create the role with our CloudFormation template, which puts it under {rolePath}, or re-create your role with that path "
                + $"(aws iam create-role --path {rolePath} ...) and paste its ARN: arn:{roleArn.Partition}:iam::{roleArn.AccountId}:role{rolePath}<name>.");
        }

        try
        {
            return await broker.AssumeUncachedAsync(roleArn.Value, tenant.ExternalId, tenant.Id, OnboardingSessionPolicy.Json, cancellationToken);
        }
        catch (RoleAssumptionException e) when (e.Failure == RoleAssumptionFailure.AccessDenied)
        {
            throw new OnboardingException(OnboardingFailure.AssumeRoleDenied,
                $"STS refused to let account {options.Value.PlatformAccountId} assume {roleArn.Value} with your external ID. "
                + "Either the role does not exist, its trust policy does not name that account, or its sts:ExternalId condition is another value.",
                $"Create the role with our CloudFormation template, or give it a trust policy that allows sts:AssumeRole to arn:aws:iam::{options.Value.PlatformAccountId}:root "
                + $"on the condition StringEquals sts:ExternalId = {tenant.ExternalId}.", innerException: e);
        }
        catch (RoleAssumptionException e) when (e.Failure is RoleAssumptionFailure.RegionDisabled or RoleAssumptionFailure.InvalidRequest)
        {
            throw new OnboardingException(OnboardingFailure.InvalidRole, $"STS refused the request: {e.Message}",
                "Check the role's maximum session duration (at least 1 hour) and that STS is enabled in the region.", innerException: e);
        }
        catch (RoleAssumptionException e)
        {
            throw Unavailable("STS", e);
        }
    }

    private async Task EnsureExternalIdRequiredAsync(Tenant tenant, RoleArn roleArn, CancellationToken cancellationToken)
    {
        try
        {
            await broker.AssumeUncachedAsync(roleArn.Value, null, tenant.Id, SesSessionPolicy.Json, cancellationToken);
        }
        catch (RoleAssumptionException e) when (e.Failure != RoleAssumptionFailure.Unavailable && e.Failure != RoleAssumptionFailure.PlatformCredentialsRejected)
        {
            return;
        }
        catch (RoleAssumptionException e)
        {
            throw Unavailable("STS", e);
        }

        throw new OnboardingException(OnboardingFailure.ExternalIdNotRequired,
            "The role can be assumed without the external ID: its trust policy lacks the sts:ExternalId condition, so anyone "
            + "who can make our account assume roles (the confused deputy) could reach your SES.",
            $"Add the condition StringEquals sts:ExternalId = {tenant.ExternalId} to the role's trust policy (our CloudFormation template does).");
    }

    private async Task<SesAccount> CheckSesAccountAsync(SesSession session, string region, CancellationToken cancellationToken)
    {
        var account = await CallSesAsync("ses:GetAccount", () => ses.GetAccountAsync(session, cancellationToken));
        var identities = await CallSesAsync("ses:ListEmailIdentities", () => ses.ListEmailIdentitiesAsync(session, cancellationToken));

        if (!account.SendingEnabled || account.EnforcementStatus is "SHUTDOWN")
        {
            throw new OnboardingException(OnboardingFailure.SendingPaused,
                $"Sending is disabled for your SES account in {region} (enforcement status {account.EnforcementStatus ?? "unknown"}).",
                "Resolve the account's status in the SES console (Reputation metrics / Account dashboard), then try again.");
        }

        var verified = identities.Count(identity => identity.IsVerified && identity.SendingEnabled);
        if (verified == 0 && !account.ProductionAccessEnabled)
        {
            throw new OnboardingException(OnboardingFailure.WrongRegion,
                $"SES in {region} has no verified identity and is still in the SES sandbox: it looks unused. SES is set up per region.",
                "Give the region where your domains are verified and SES has production access (see the SES console's region selector).");
        }

        if (verified == 0)
        {
            throw new OnboardingException(OnboardingFailure.NoVerifiedIdentity,
                $"SES in {region} has no verified identity to send from.",
                "Verify a domain (or an address) in SES in that region, then try again.");
        }

        if (!account.ProductionAccessEnabled && !options.Value.AllowSesSandbox)
        {
            throw new OnboardingException(OnboardingFailure.SesSandbox,
                $"SES in {region} is still in the SES sandbox: it sends only to verified addresses, at most {account.Max24HourSend:0} a day.",
                "Request production access in the SES console (Account dashboard, 'Request production access'), then try again.");
        }

        return account;
    }

    private static async Task<T> CallSesAsync<T>(string action, Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (SesException e) when (e.Kind == SesErrorKind.AccessDenied)
        {
            throw MissingPermission(action, e);
        }
        catch (SesException e) when (e.IsRetryable || e.Kind == SesErrorKind.InvalidCredentials)
        {
            throw Unavailable("SES", e);
        }
    }

    // IAM offers no way to ask a role what it may do short of trying: a SendEmail from an address that can never be
    // verified is refused either for lack of permission (AccessDenied) or, with permission, as unverified; nothing is sent.
    private async Task ProbeSendPermissionAsync(SesSession session, CancellationToken cancellationToken)
    {
        var raw = Encoding.ASCII.GetBytes(
            $"From: {ProbeSender}\r\nTo: {ProbeRecipient}\r\nSubject: EmailList permission check\r\nMIME-Version: 1.0\r\nContent-Type: text/plain\r\n\r\nNot sent.\r\n");
        var probe = new OutboundEmail(ProbeSender, new SesDestination([ProbeRecipient], [], []), raw, [], null);
        try
        {
            await ses.SendEmailAsync(session, probe, cancellationToken);
        }
        catch (SesException e) when (e.Kind == SesErrorKind.AccessDenied)
        {
            throw MissingPermission("ses:SendEmail", e);
        }
        catch (SesException e) when (e.IsRetryable || e.Kind == SesErrorKind.InvalidCredentials)
        {
            throw Unavailable("SES", e);
        }
        catch (SesException)
        {
            // Refused after authorization (unverified sender): the role may send.
        }
    }

    private async Task<(ForwardingState State, string? Detail)> SetUpForwardingAsync(
        SesSession session, string accountId, string region, string configurationSet, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        try
        {
            // The customer template made the rule and its target (with the forwarder role): leave them exactly as they are.
            var existing = await eventBridge.ListTargetsByRuleAsync(session, settings.ForwardingRuleName, "default", cancellationToken);
            if (existing is not null && existing.Any(target => target.Arn == settings.EventBusArn))
            {
                TenantOnboardingLog.TemplateForwardingFound(logger, accountId, region, settings.ForwardingRuleName);
                return (ForwardingState.Configured, null);
            }

            if (region != settings.EventBusRegion)
            {
                return (ForwardingState.NeedsTemplate,
                    $"Your SES is in {region} and our event bus in {settings.EventBusRegion}: forwarding across regions needs the forwarder role that the CloudFormation template creates.");
            }

            await ses.CreateConfigurationSetAsync(session, configurationSet, cancellationToken);
            await ses.CreateConfigurationSetEventDestinationAsync(session, configurationSet,
                new SesEventDestination(settings.EventDestinationName, $"arn:aws:events:{region}:{accountId}:event-bus/default", SesEventDestination.AllEventTypes),
                cancellationToken);
            await eventBridge.PutRuleAsync(session,
                new EventRule(settings.ForwardingRuleName, ForwardingPattern(configurationSet), "Forwards EmailList's SES events to EmailList"), cancellationToken);

            // Our bus admits events put by a forwarder role under /emaillist/ alone; the role is the template's (IAM is not ours to write).
            await eventBridge.PutTargetsAsync(session, settings.ForwardingRuleName, "default",
                [new EventRuleTarget(settings.ForwardingTargetId, settings.EventBusArn, settings.ForwarderRoleArn(accountId, region))], cancellationToken);
            return (ForwardingState.Configured, null);
        }
        catch (SesException e)
        {
            return (ForwardingState.NeedsTemplate, ForwardingFailure("SES", e.ErrorCode, e.Message));
        }
        catch (EventBridgeException e)
        {
            return (ForwardingState.NeedsTemplate, ForwardingFailure("EventBridge", e.ErrorCode, e.Message));
        }
    }

    private static string ForwardingFailure(string service, string code, string message) =>
        $"The role could not set event forwarding up ({service} {code}: {message}). Deploy the CloudFormation template, which creates the configuration set, its EventBridge destination and the forwarding rule.";

    private async Task PrimeSendCredentialsAsync(Tenant tenant, CancellationToken cancellationToken)
    {
        try
        {
            var credentials = await broker.AssumeUncachedAsync(tenant.RoleArn!, tenant.ExternalId, tenant.Id, cancellationToken);
            await broker.PrimeAsync(tenant, credentials, cancellationToken);
        }
        catch (RoleAssumptionException)
        {
            // The first send assumes the role itself; only the head start is lost.
            await broker.InvalidateAsync(tenant.Id, cancellationToken);
        }
    }

    private static OnboardingException MissingPermission(string action, Exception inner) =>
        new(OnboardingFailure.MissingPermission, $"The role is not allowed to call {action}.",
            $"Add {action} to the role's permissions policy (our CloudFormation template grants every action we use).", action, inner);

    private static OnboardingException Unavailable(string service, Exception inner) =>
        new(OnboardingFailure.Unavailable, $"{service} could not be reached or failed: {inner.Message} Nothing was changed.",
            "Try again in a moment.", innerException: inner);
}
