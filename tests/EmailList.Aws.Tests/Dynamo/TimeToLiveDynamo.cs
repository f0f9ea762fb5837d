using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using EmailList.Testing.Dynamo;

namespace EmailList.Aws.Tests.Dynamo;

/// <summary>
/// dynalite with the TTL operations DynamoDB has and dynalite lacks: DescribeTimeToLive answers DISABLED until
/// UpdateTimeToLive enabled the table, and every UpdateTimeToLive is recorded.
/// </summary>
public sealed class TimeToLiveDynamo(DynaliteFixture dynalite) : AmazonDynamoDBClient(
    new BasicAWSCredentials(DynaliteFixture.AccessKeyId, DynaliteFixture.SecretAccessKey),
    new AmazonDynamoDBConfig { ServiceURL = dynalite.ServiceUrl.AbsoluteUri, AuthenticationRegion = DynaliteFixture.Region })
{
    private readonly Lock _gate = new();
    private readonly List<string> _updates = [];
    private readonly Dictionary<string, string> _enabled = new(StringComparer.Ordinal);

    /// <summary>Every UpdateTimeToLive so far, as "table: attribute enabled|disabled".</summary>
    public IReadOnlyList<string> Updates
    {
        get
        {
            lock (_gate)
            {
                return [.. _updates];
            }
        }
    }

    public override Task<DescribeTimeToLiveResponse> DescribeTimeToLiveAsync(DescribeTimeToLiveRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        lock (_gate)
        {
            var description = _enabled.TryGetValue(request.TableName, out var attribute)
                ? new TimeToLiveDescription { TimeToLiveStatus = TimeToLiveStatus.ENABLED, AttributeName = attribute }
                : new TimeToLiveDescription { TimeToLiveStatus = TimeToLiveStatus.DISABLED };
            return Task.FromResult(new DescribeTimeToLiveResponse { TimeToLiveDescription = description });
        }
    }

    public override Task<UpdateTimeToLiveResponse> UpdateTimeToLiveAsync(UpdateTimeToLiveRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        lock (_gate)
        {
            var specification = request.TimeToLiveSpecification;
            _updates.Add($"{request.TableName}: {specification.AttributeName} {(specification.Enabled == true ? "enabled" : "disabled")}");
            if (specification.Enabled == true)
            {
                _enabled[request.TableName] = specification.AttributeName;
            }

            return Task.FromResult(new UpdateTimeToLiveResponse { TimeToLiveSpecification = specification });
        }
    }
}
