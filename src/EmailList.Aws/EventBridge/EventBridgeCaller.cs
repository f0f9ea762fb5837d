using Amazon.Runtime;

namespace EmailList.Aws.EventBridge;

/// <summary>Who signs an EventBridge call: the platform for permissions, a tenant's session for rules.</summary>
internal sealed record EventBridgeCaller(AWSCredentials Credentials, string Region);
