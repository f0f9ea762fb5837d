using Amazon;
using Amazon.Runtime;
using Amazon.SQS;

namespace EmailList.EventIngester.Queue;

/// <summary>The SQS client the poller uses: AWS's endpoint for the region, or <see cref="QueueOptions.ServiceUrl"/> (the sandbox).</summary>
internal static class SqsClientFactory
{
    public static IAmazonSQS Create(QueueOptions options)
    {
        var config = new AmazonSQSConfig
        {
            // A long poll holds the connection for WaitTime; the SDK's own timeout must outlast it.
            Timeout = options.WaitTime + TimeSpan.FromSeconds(30),
            MaxErrorRetry = 3,
        };
        if (options.ServiceUrl is { } serviceUrl)
        {
            config.ServiceURL = serviceUrl.AbsoluteUri;
            config.AuthenticationRegion = options.Region;
        }
        else
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(options.Region);
        }

        return string.IsNullOrEmpty(options.AccessKeyId)
            ? new AmazonSQSClient(config)
            : new AmazonSQSClient(new BasicAWSCredentials(options.AccessKeyId, options.SecretAccessKey), config);
    }
}
