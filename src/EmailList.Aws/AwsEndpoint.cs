namespace EmailList.Aws;

internal static class AwsEndpoint
{
    /// <summary>
    /// The configured override as a base address (ending in '/'), else the service's public endpoint in the region,
    /// e.g. <c>https://email.us-east-1.amazonaws.com/</c>. The region must already be checked: it becomes a host name.
    /// </summary>
    public static Uri For(string hostPrefix, string region, Uri? serviceUrl)
    {
        if (serviceUrl is not null)
        {
            return serviceUrl.AbsoluteUri.EndsWith('/') ? serviceUrl : new Uri(serviceUrl.AbsoluteUri + "/");
        }

        var domain = region.StartsWith("cn-", StringComparison.Ordinal) ? "amazonaws.com.cn" : "amazonaws.com";
        return new Uri($"https://{hostPrefix}.{region}.{domain}/");
    }
}
