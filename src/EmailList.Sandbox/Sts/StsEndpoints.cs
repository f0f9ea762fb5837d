using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using EmailList.Sandbox.Auth;
using EmailList.Sandbox.Events;
using EmailList.Sandbox.Sqs;
using EmailList.Sandbox.State;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace EmailList.Sandbox.Sts;

/// <summary>STS over the query protocol (<c>POST /</c>, form-encoded, Version 2011-06-15): AssumeRole.</summary>
internal static partial class StsEndpoints
{
    private const int MaxPackedPolicyLength = 2048;

    public static readonly SigV4Protocol Protocol = new("sts", "ExpiredToken", failure => StsXml.Error(failure.StatusCode, failure.Code, failure.Message));

    /// <summary>STS and EventBridge share <c>POST /</c>: a request with <c>X-Amz-Target</c> is EventBridge's (JSON 1.1), any other STS's (a form).</summary>
    public static IEndpointRouteBuilder MapStsAndEventBridge(this IEndpointRouteBuilder app)
    {
        app.MapPost("/", async (HttpContext context, SandboxWorld world, IOptions<SandboxOptions> options, TimeProvider timeProvider, ILogger<SandboxWorld> logger) =>
                SqsEndpoints.IsSqs(context.Request) ? await SqsEndpoints.HandleAsync(context, world, logger)
                : EventBridgeEndpoints.IsEventBridge(context.Request) ? EventBridgeEndpoints.Handle(context, world, options.Value, logger)
                : Handle(context, world, options, timeProvider, logger))
            .AddEndpointFilter(new SigV4Filter(ProtocolOf))
            .ExcludeFromDescription();

        // SDKs that use a queue URL as the endpoint post SQS calls to the queue's path.
        app.MapPost("/{accountId:long}/{queueName}", (HttpContext context, SandboxWorld world, ILogger<SandboxWorld> logger) =>
                SqsEndpoints.IsSqs(context.Request)
                    ? SqsEndpoints.HandleAsync(context, world, logger)
                    : Task.FromResult(SqsJson.Error("UnsupportedOperation", "Only SQS calls (X-Amz-Target: AmazonSQS.*) are answered at a queue URL.")))
            .AddEndpointFilter(new SigV4Filter(ProtocolOf))
            .ExcludeFromDescription();
        return app;
    }

    private static SigV4Protocol ProtocolOf(HttpContext context) =>
        SqsEndpoints.IsSqs(context.Request) ? SqsEndpoints.Protocol
        : EventBridgeEndpoints.IsEventBridge(context.Request) ? EventBridgeEndpoints.Protocol
        : Protocol;

    private static IResult Handle(HttpContext context, SandboxWorld world, IOptions<SandboxOptions> options, TimeProvider timeProvider, ILogger<SandboxWorld> logger)
    {
        var request = VerifiedRequest.From(context);
        var form = QueryHelpers.ParseQuery("?" + Encoding.UTF8.GetString(request.Body));
        var action = Value(form, "Action");
        return action switch
        {
            "AssumeRole" => AssumeRole(form, request.Caller, world, options.Value, timeProvider, logger),
            null or "" => StsXml.Error(400, "MissingAction", "Missing Action"),
            _ => StsXml.Error(400, "InvalidAction", $"Could not find operation {action} for version {Value(form, "Version") ?? "NO_VERSION_SPECIFIED"}"),
        };
    }

    private static IResult AssumeRole(
        Dictionary<string, StringValues> form,
        AwsCaller caller,
        SandboxWorld world,
        SandboxOptions options,
        TimeProvider timeProvider,
        ILogger logger)
    {
        var roleArn = Value(form, "RoleArn");
        var validArn = RoleRegistration.TryParseArn(roleArn, out var roleAccountId, out var roleName);
        var statsAccount = validArn ? roleAccountId : options.PlatformAccountId;
        world.Counters.Increment(statsAccount, Counter.AssumeRoleCalls);

        var result = Decide();
        if (result.Failure is { } failure)
        {
            world.Counters.Increment(statsAccount, failure.StatusCode == 429 || failure.Code.Contains("Throttl", StringComparison.Ordinal)
                ? Counter.ThrottledCalls
                : Counter.RejectedCalls);
            SandboxLog.OperationRefused(logger, "AssumeRole", statsAccount, failure.Code);
            return StsXml.Error(failure.StatusCode, failure.Code, failure.Message);
        }

        return result.Success!;

        (AwsError? Failure, IResult? Success) Decide()
        {
            if (string.IsNullOrEmpty(roleArn))
            {
                return Fail(400, "ValidationError", "1 validation error detected: Value null at 'roleArn' failed to satisfy constraint: Member must not be null");
            }

            if (!validArn)
            {
                return Fail(400, "ValidationError", $"{roleArn} is invalid: an IAM role ARN looks like arn:aws:iam::123456789012:role/RoleName");
            }

            var sessionName = Value(form, "RoleSessionName");
            if (sessionName is null)
            {
                return Fail(400, "ValidationError", "1 validation error detected: Value null at 'roleSessionName' failed to satisfy constraint: Member must not be null");
            }

            if (!SessionNamePattern().IsMatch(sessionName))
            {
                return Fail(400, "ValidationError",
                    $"1 validation error detected: Value '{sessionName}' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]* and have length between 2 and 64");
            }

            var duration = 3600;
            if (Value(form, "DurationSeconds") is { } durationText
                && (!int.TryParse(durationText, NumberStyles.None, CultureInfo.InvariantCulture, out duration) || duration < 900 || duration > 43200))
            {
                return Fail(400, "ValidationError",
                    $"1 validation error detected: Value '{durationText}' at 'durationSeconds' failed to satisfy constraint: Member must have value {(duration < 900 ? "greater than or equal to 900" : "less than or equal to 43200")}");
            }

            var externalId = Value(form, "ExternalId");
            if (externalId is not null && !ExternalIdPattern().IsMatch(externalId))
            {
                return Fail(400, "ValidationError",
                    $"1 validation error detected: Value '{externalId}' at 'externalId' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@:\\/-]* and have length between 2 and 1224");
            }

            SessionPolicy? policy = null;
            var policyText = Value(form, "Policy");
            if (policyText is not null)
            {
                if (policyText.Length > MaxPackedPolicyLength)
                {
                    return Fail(400, "PackedPolicyTooLarge",
                        $"Packed policy consumes {PackedPolicySize(policyText)}% of allotted space, please use smaller policy for this session.");
                }

                if (!SessionPolicy.TryParse(policyText, out policy))
                {
                    return Fail(400, "MalformedPolicyDocument", "The policy is not in the valid JSON format.");
                }
            }

            if (world.Faults.Take(roleAccountId, "AssumeRole") is { } fault)
            {
                SandboxLog.FaultInjected(logger, "AssumeRole", roleAccountId, fault.StatusCode, fault.ErrorCode);
                return Fail(fault.StatusCode, fault.ErrorCode, fault.Message);
            }

            // AWS gives the same answer for a missing role, an untrusting trust policy and a wrong external ID.
            var role = world.FindRole(roleArn);
            if (!caller.IsPlatform
                || role is null
                || !string.Equals(role.TrustedAccountId, caller.AccountId, StringComparison.Ordinal)
                || (role.ExternalId is not null && !string.Equals(role.ExternalId, externalId, StringComparison.Ordinal)))
            {
                return Fail(403, "AccessDenied", $"User: {caller.PrincipalArn} is not authorized to perform: sts:AssumeRole on resource: {roleArn}");
            }

            var maxDuration = Math.Min(role.MaxSessionDurationSeconds, (int)options.MaxSessionDuration.TotalSeconds);
            if (duration > maxDuration)
            {
                return Fail(400, "ValidationError", "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
            }

            var now = timeProvider.GetUtcNow();
            var expiration = DateTimeOffset.FromUnixTimeSeconds(now.ToUnixTimeSeconds() + duration);
            var session = new StsSession(
                "ASIA" + RandomString("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16),
                RandomString("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", 40),
                "IQoJb3JpZ2luX2VjE" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(240)),
                expiration,
                roleArn,
                role.AccountId,
                $"arn:aws:sts::{role.AccountId}:assumed-role/{role.RoleName}/{sessionName}",
                policy);
            world.AddSession(session);
            SandboxLog.RoleAssumed(logger, roleArn, session.AccessKeyId, expiration);

            var ns = StsXml.Namespace;
            var body = new XElement(ns + "AssumeRoleResult",
                new XElement(ns + "AssumedRoleUser",
                    new XElement(ns + "AssumedRoleId", $"{role.RoleId}:{sessionName}"),
                    new XElement(ns + "Arn", session.AssumedRoleArn)),
                new XElement(ns + "Credentials",
                    new XElement(ns + "AccessKeyId", session.AccessKeyId),
                    new XElement(ns + "SecretAccessKey", session.SecretAccessKey),
                    new XElement(ns + "SessionToken", session.SessionToken),
                    new XElement(ns + "Expiration", StsXml.Timestamp(expiration))));
            if (policyText is not null)
            {
                body.Add(new XElement(ns + "PackedPolicySize", PackedPolicySize(policyText)));
            }

            return (null, StsXml.Ok(body, "AssumeRole"));
        }
    }

    private static (AwsError?, IResult?) Fail(int statusCode, string code, string message) => (new AwsError(statusCode, code, message), null);

    // AWS reports the compressed size as a percentage of its limit; the plain length is a fair stand-in.
    private static int PackedPolicySize(string policy) => (int)Math.Ceiling(policy.Length * 100.0 / MaxPackedPolicyLength);

    private static string? Value(Dictionary<string, StringValues> form, string name) =>
        form.TryGetValue(name, out var values) && values.Count > 0 ? values[0] : null;

    private static string RandomString(string alphabet, int length) =>
        new([.. Enumerable.Range(0, length).Select(_ => alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)])]);

    [GeneratedRegex(@"^[\w+=,.@-]{2,64}$")]
    private static partial Regex SessionNamePattern();

    [GeneratedRegex(@"^[\w+=,.@:/-]{2,1224}$")]
    private static partial Regex ExternalIdPattern();
}
