using System.Diagnostics;
using EmailList.Core.Credentials;
using EmailList.Core.Sending;
using EmailList.Core.Ses;
using EmailList.Core.Tenants;
using EmailList.Redis.Sending;
using EmailList.Testing.Redis;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace EmailList.Redis.Tests;

[Collection(SharedRedis.Name)]
public sealed class RedisSendRateGateTests(RedisFixture redis)
{
    private const double Rate = 10;

    [Fact]
    public async Task Two_instances_pacing_one_tenant_together_never_exceed_its_ses_send_rate()
    {
        await using var first = new RedisServices(redis.ConnectionString);
        await using var second = new RedisServices(redis.ConnectionString);
        using var gateA = Gate(first);
        using var gateB = Gate(second);
        var tenant = Tenant();
        var window = TimeSpan.FromSeconds(3);

        var clock = Stopwatch.StartNew();
        var counts = await Task.WhenAll(CountAsync(gateA, tenant, window, clock), CountAsync(gateB, tenant, window, clock));

        // One bucket (Rate tokens to start) plus Rate a second; two separate buckets would let through about twice that.
        var total = counts[0] + counts[1];
        Assert.InRange(total, (int)(Rate * window.TotalSeconds * 0.8), (int)(Rate + (Rate * window.TotalSeconds)) + 2);
        Assert.True(counts[0] > 0 && counts[1] > 0, $"one instance was starved: {counts[0]} and {counts[1]}");
    }

    [Fact]
    public async Task A_message_with_more_recipients_than_the_bucket_holds_still_passes_in_chunks()
    {
        await using var services = new RedisServices(redis.ConnectionString);
        using var gate = Gate(services);
        var tenant = Tenant();
        var clock = Stopwatch.StartNew();

        await gate.WaitAsync(tenant, 25, CancellationToken.None);

        // 10 at once, then 15 more at 10 a second: about 1.5 s, never refused.
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(1.2), TimeSpan.FromSeconds(10));
    }

    private static async Task<int> CountAsync(RedisSendRateGate gate, Tenant tenant, TimeSpan window, Stopwatch clock)
    {
        var passed = 0;
        using var stop = new CancellationTokenSource(window - clock.Elapsed);
        try
        {
            while (true)
            {
                await gate.WaitAsync(tenant, 1, stop.Token);
                if (clock.Elapsed >= window)
                {
                    return passed;
                }

                passed++;
            }
        }
        catch (OperationCanceledException)
        {
            return passed;
        }
    }

    private static Tenant Tenant() => new()
    {
        Id = RedisServices.NewTenant(),
        Name = "paced",
        ExternalId = "el-external",
        Status = TenantStatus.Active,
        RoleArn = "arn:aws:iam::222222222222:role/Sender",
        Region = "us-east-1",
    };

    private static RedisSendRateGate Gate(RedisServices services)
    {
        var broker = new TenantCredentialBroker(new FixedRoleAssumer(), new NoCredentialCache(),
            Options.Create(new CredentialBrokerOptions()), TimeProvider.System, NullLogger<TenantCredentialBroker>.Instance);
        var rates = new SesSendRates(broker, new FixedRateSes(), Options.Create(new SendRateOptions()), TimeProvider.System, NullLogger<SesSendRates>.Instance);
        return new RedisSendRateGate(services.Get<RedisConnection>(), rates, TimeProvider.System);
    }

    private sealed class FixedRoleAssumer : IRoleAssumer
    {
        public Task<TemporaryCredentials> AssumeRoleAsync(RoleAssumptionRequest request, CancellationToken cancellationToken) =>
            Task.FromResult(new TemporaryCredentials("ASIATESTTESTTEST0001", "secret", "token", DateTimeOffset.UtcNow.AddHours(1)));
    }

    private sealed class FixedRateSes : ISesClient
    {
        public Task<SesAccount> GetAccountAsync(SesSession session, CancellationToken cancellationToken) =>
            Task.FromResult(new SesAccount(true, true, "HEALTHY", 50_000, Rate, 0));

        public Task<string> SendEmailAsync(SesSession session, OutboundEmail email, CancellationToken cancellationToken) => throw new NotSupportedException();
        public Task PutSuppressedDestinationAsync(SesSession session, string emailAddress, string reason, CancellationToken cancellationToken) => throw new NotSupportedException();
        public Task DeleteSuppressedDestinationAsync(SesSession session, string emailAddress, CancellationToken cancellationToken) => throw new NotSupportedException();
        public Task<SuppressedDestinationPage> ListSuppressedDestinationsAsync(SesSession session, string? nextToken, int pageSize, CancellationToken cancellationToken) => throw new NotSupportedException();
        public Task<IReadOnlyList<SesIdentity>> ListEmailIdentitiesAsync(SesSession session, CancellationToken cancellationToken) => throw new NotSupportedException();
        public Task<bool> CreateConfigurationSetAsync(SesSession session, string configurationSetName, CancellationToken cancellationToken) => throw new NotSupportedException();
        public Task<bool> CreateConfigurationSetEventDestinationAsync(SesSession session, string configurationSetName, SesEventDestination destination, CancellationToken cancellationToken) => throw new NotSupportedException();
        public Task<SesEmailTemplatePage> ListEmailTemplatesAsync(SesSession session, string? nextToken, int pageSize, CancellationToken cancellationToken) => throw new NotSupportedException();
        public Task<SesEmailTemplate?> GetEmailTemplateAsync(SesSession session, string templateName, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
