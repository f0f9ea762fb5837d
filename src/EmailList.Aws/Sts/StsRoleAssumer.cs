using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;

using EmailList.Core.Credentials;

using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EmailList.Aws.Sts;

/// <summary>Assumes a tenant's IAM role through STS and explains refusals in terms a tenant can act on.</summary>
public sealed class StsRoleAssumer(IAmazonSecurityTokenService sts, IOptions<StsOptions> options, ILogger<StsRoleAssumer> logger) : IRoleAssumer
{
    private readonly StsOptions _options = options.Value;

    public async Task<TemporaryCredentials> AssumeRoleAsync(RoleAssumptionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var assumeRole = new AssumeRoleRequest
        {
            RoleArn = request.RoleArn,
            RoleSessionName = request.SessionName,
            ExternalId = request.ExternalId,
            DurationSeconds = (int)Math.Ceiling(request.Duration.TotalSeconds),
            Policy = request.SessionPolicy,
        };

        AssumeRoleResponse response;
        try
        {
            response = await sts.AssumeRoleAsync(assumeRole, cancellationToken);
        }
        catch (AmazonServiceException ex)
        {
            var failure = Classify(ex.ErrorCode, ex.StatusCode);
            if (request.ExternalId is null && failure == RoleAssumptionFailure.AccessDenied)
            {
                StsRoleAssumerLog.RefusedWithoutExternalId(logger, request.RoleArn, ex.ErrorCode ?? "Unknown");
            }
            else
            {
                StsRoleAssumerLog.Failed(logger, request.RoleArn, failure.ToString(), ex.ErrorCode ?? "Unknown", (int)ex.StatusCode);
            }
            throw new RoleAssumptionException(failure, Explain(failure, request.RoleArn, ex), ex);
        }
        catch (Exception ex) when (ex is AmazonClientException or HttpRequestException or IOException
            || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            StsRoleAssumerLog.Unreachable(logger, request.RoleArn, ex);
            throw new RoleAssumptionException(RoleAssumptionFailure.Unavailable,
                "STS could not be reached or did not answer in time; try again shortly.", ex);
        }

        var credentials = response.Credentials;
        if (credentials is null || string.IsNullOrEmpty(credentials.AccessKeyId) || string.IsNullOrEmpty(credentials.SecretAccessKey)
            || string.IsNullOrEmpty(credentials.SessionToken) || credentials.Expiration is null)
        {
            throw new RoleAssumptionException(RoleAssumptionFailure.Unavailable, "STS answered AssumeRole without complete credentials.");
        }

        var expiration = new DateTimeOffset(credentials.Expiration.Value.Kind == DateTimeKind.Unspecified
            ? DateTime.SpecifyKind(credentials.Expiration.Value, DateTimeKind.Utc)
            : credentials.Expiration.Value.ToUniversalTime());
        StsRoleAssumerLog.Assumed(logger, request.RoleArn, expiration);
        return new TemporaryCredentials(credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken, expiration);
    }

    internal static RoleAssumptionFailure Classify(string? errorCode, System.Net.HttpStatusCode statusCode) => errorCode switch
    {
        "AccessDenied" or "AccessDeniedException" => RoleAssumptionFailure.AccessDenied,
        "RegionDisabledException" or "RegionDisabled" => RoleAssumptionFailure.RegionDisabled,
        "MalformedPolicyDocument" or "MalformedPolicyDocumentException" or "PackedPolicyTooLarge" or "PackedPolicyTooLargeException"
            or "ValidationError" or "ValidationException" => RoleAssumptionFailure.InvalidRequest,
        "InvalidClientTokenId" or "SignatureDoesNotMatch" or "ExpiredToken" or "ExpiredTokenException"
            or "UnrecognizedClientException" or "IncompleteSignature" => RoleAssumptionFailure.PlatformCredentialsRejected,
        _ when (int)statusCode == 403 && errorCode is null => RoleAssumptionFailure.AccessDenied,
        _ => RoleAssumptionFailure.Unavailable,
    };

    private string Explain(RoleAssumptionFailure failure, string roleArn, AmazonServiceException ex)
    {
        var account = _options.PlatformAccountId is { } id ? $"account {id}" : "the platform's AWS account";
        var principal = _options.PlatformAccountId is { } accountId ? $"arn:aws:iam::{accountId}:root" : "the platform's account root";
        return failure switch
        {
            RoleAssumptionFailure.AccessDenied =>
                $"STS refused to let {account} assume {roleArn}. Either the role does not exist, its trust policy does not trust {account}, " +
                "or its trust policy requires a different external ID. To fix it, create the role (or correct its ARN here) with a trust policy " +
                $"that allows sts:AssumeRole to the principal {principal} on the condition StringEquals sts:ExternalId = the external ID shown for this tenant.",
            RoleAssumptionFailure.RegionDisabled =>
                $"STS is not activated in region {_options.Region} for the account that owns {roleArn}. Its administrator can activate it " +
                "in the IAM console under Account settings, Security Token Service (STS) endpoints.",
            RoleAssumptionFailure.InvalidRequest =>
                $"STS rejected the AssumeRole request for {roleArn} ({ex.ErrorCode}): {ex.Message} " +
                "Check the session policy and that the requested duration does not exceed the role's maximum session duration.",
            RoleAssumptionFailure.PlatformCredentialsRejected =>
                $"STS rejected the platform's own credentials ({ex.ErrorCode}); the platform operator must fix them. The tenant's role is not at fault.",
            _ => $"STS failed ({ex.ErrorCode ?? "no error code"}, HTTP {(int)ex.StatusCode}); try again shortly.",
        };
    }
}
