using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EmailList.Aws.Dynamo;

/// <summary>
/// Creates missing tables at start-up when <see cref="DynamoDbOptions.CreateTables"/> is set (local
/// development and tests) and waits until they and their indexes are ACTIVE. Existing tables are left as they are.
/// </summary>
public sealed class DynamoDbTableInitializer(
    IAmazonDynamoDB dynamo,
    DynamoDbTables tables,
    IOptions<DynamoDbOptions> options,
    TimeProvider time,
    ILogger<DynamoDbTableInitializer> logger) : IHostedService
{
    private static readonly TimeSpan ActiveTimeout = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    public Task StartAsync(CancellationToken cancellationToken) =>
        options.Value.CreateTables ? EnsureTablesAsync(cancellationToken) : Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Creates every table that does not exist yet and returns once all are ACTIVE; safe to call concurrently.</summary>
    public async Task EnsureTablesAsync(CancellationToken cancellationToken)
    {
        foreach (var definition in tables.Definitions())
        {
            try
            {
                await dynamo.CreateTableAsync(definition, cancellationToken);
                DynamoDbLog.TableCreated(logger, definition.TableName);
            }
            catch (ResourceInUseException)
            {
                DynamoDbLog.TableExists(logger, definition.TableName);
            }
        }

        foreach (var definition in tables.Definitions())
        {
            await WaitUntilActiveAsync(definition.TableName, cancellationToken);
        }

        foreach (var table in tables.ExpiringTables)
        {
            await EnableTimeToLiveAsync(table, cancellationToken);
        }
    }

    private async Task EnableTimeToLiveAsync(string table, CancellationToken cancellationToken)
    {
        try
        {
            var current = await dynamo.DescribeTimeToLiveAsync(new DescribeTimeToLiveRequest { TableName = table }, cancellationToken);
            if (current.TimeToLiveDescription?.TimeToLiveStatus is { } status
                && (status == TimeToLiveStatus.ENABLED || status == TimeToLiveStatus.ENABLING))
            {
                return;
            }

            await dynamo.UpdateTimeToLiveAsync(new UpdateTimeToLiveRequest
            {
                TableName = table,
                TimeToLiveSpecification = new TimeToLiveSpecification { AttributeName = DynamoDbTables.TimeToLiveAttribute, Enabled = true },
            }, cancellationToken);
            DynamoDbLog.TimeToLiveEnabled(logger, table, DynamoDbTables.TimeToLiveAttribute);
        }
        catch (AmazonDynamoDBException e) when (e.ErrorCode == "UnknownOperationException")
        {
            // dynalite answers UpdateTimeToLive with UnknownOperationException: expired items then stay.
            if (options.Value.RequireTimeToLive)
            {
                throw new InvalidOperationException(
                    $"The DynamoDB server cannot enable TTL on {table} (UpdateTimeToLive: {e.ErrorCode}), so expired events would never be deleted. "
                    + "Use a server with TTL, or set DynamoDb:RequireTimeToLive to false where expired items may stay (local development on dynalite).", e);
            }

            DynamoDbLog.TimeToLiveUnsupported(logger, table);
        }
    }

    private async Task WaitUntilActiveAsync(string table, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        while (true)
        {
            var description = (await dynamo.DescribeTableAsync(new DescribeTableRequest { TableName = table }, cancellationToken)).Table;
            if (description.TableStatus == TableStatus.ACTIVE
                && (description.GlobalSecondaryIndexes ?? []).All(index => index.IndexStatus == IndexStatus.ACTIVE))
            {
                return;
            }

            if (time.GetElapsedTime(started) > ActiveTimeout)
            {
                throw new TimeoutException($"DynamoDB table {table} is still {description.TableStatus} after {ActiveTimeout.TotalSeconds:0} s.");
            }

            await Task.Delay(PollInterval, time, cancellationToken);
        }
    }
}
