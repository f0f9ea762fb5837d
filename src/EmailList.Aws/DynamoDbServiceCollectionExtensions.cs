using Amazon;
using Amazon.DynamoDBv2;
using Amazon.Runtime;
using EmailList.Aws.Dynamo;
using EmailList.Core.Broadcasts;
using EmailList.Core.Events;
using EmailList.Core.Lists;
using EmailList.Core.Scheduling;
using EmailList.Core.Suppression;
using EmailList.Core.Templates;
using EmailList.Core.Tenants;
using EmailList.Core.Webhooks;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

public static class DynamoDbServiceCollectionExtensions
{
    /// <summary>
    /// <see cref="ITenantStore"/>, <see cref="ISuppressionStore"/>, <see cref="IEventStore"/>, <see cref="IScheduledMailStore"/>, <see cref="IListStore"/>, <see cref="IContactStore"/>, <see cref="IImportStore"/>, <see cref="IWebhookStore"/> and <see cref="IWebhookDeliveryStore"/> on DynamoDB (section "DynamoDb"), an
    /// <see cref="IAmazonDynamoDB"/> client built from those options, and the table initializer (which creates
    /// tables only when <c>DynamoDb:CreateTables</c> is true). Earlier registrations win.
    /// </summary>
    public static IServiceCollection AddDynamoDbStores(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<DynamoDbOptions>().BindConfiguration(DynamoDbOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IAmazonDynamoDB>(provider => CreateClient(provider.GetRequiredService<IOptions<DynamoDbOptions>>().Value));
        services.TryAddSingleton<DynamoDbTables>();
        services.TryAddSingleton<DynamoDbTableInitializer>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, DynamoDbTableInitializer>(
            provider => provider.GetRequiredService<DynamoDbTableInitializer>()));
        services.TryAddSingleton<ITenantStore, DynamoDbTenantStore>();
        services.TryAddSingleton<ISuppressionStore, DynamoDbSuppressionStore>();
        services.TryAddSingleton<ITemplateStore, DynamoDbTemplateStore>();
        services.TryAddSingleton<IEventStore, DynamoDbEventStore>();
        services.TryAddSingleton<IScheduledMailStore, DynamoDbScheduledMailStore>();
        services.TryAddSingleton<IBroadcastStore, DynamoDbBroadcastStore>();
        services.TryAddSingleton<IListStore, DynamoDbListStore>();
        services.TryAddSingleton<IContactStore, DynamoDbContactStore>();
        services.TryAddSingleton<IImportStore, DynamoDbImportStore>();
        services.TryAddSingleton<IWebhookStore, DynamoDbWebhookStore>();
        services.TryAddSingleton<IWebhookDeliveryStore, DynamoDbWebhookDeliveryStore>();
        return services;
    }

    /// <summary>A low-level client for the options' endpoint (or region) and credentials.</summary>
    public static AmazonDynamoDBClient CreateClient(DynamoDbOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var config = new AmazonDynamoDBConfig { Timeout = options.Timeout };
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
            ? new AmazonDynamoDBClient(config)
            : new AmazonDynamoDBClient(new BasicAWSCredentials(options.AccessKeyId, options.SecretAccessKey), config);
    }
}
