using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

using EmailList.Core.Credentials;
using EmailList.Core.Idempotency;
using EmailList.Core.Suppression;
using EmailList.Redis.Credentials;
using EmailList.Redis.Idempotency;
using EmailList.Redis.Suppression;

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EmailList.Redis.Tests;

public sealed class RegistrationTests
{
    private static readonly string ValidKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    [Fact]
    public void The_ports_resolve_to_the_Redis_adapters_even_when_defaults_were_registered_first()
    {
        using var provider = Build(new() { ["ConnectionStrings:redis"] = "127.0.0.1:1", ["CredentialEncryption:Key"] = ValidKey }, services =>
        {
            services.AddSingleton<ICredentialCache, NoCredentialCache>();
            services.AddSingleton<ISuppressionLookup, StoreSuppressionLookup>();
        });

        provider.GetRequiredService<IStartupValidator>().Validate();
        Assert.IsType<RedisCredentialCache>(provider.GetRequiredService<ICredentialCache>());
        Assert.IsType<RedisSuppressionLookup>(provider.GetRequiredService<ISuppressionLookup>());
        Assert.IsType<RedisIdempotencyStore>(provider.GetRequiredService<IIdempotencyStore>());
    }

    [Fact]
    public void The_Aspire_connection_string_wins_over_the_Redis_section()
    {
        using var provider = Build(new()
        {
            ["ConnectionStrings:redis"] = "127.0.0.1:7001",
            ["Redis:ConnectionString"] = "127.0.0.1:7002",
            ["CredentialEncryption:Key"] = ValidKey,
        });

        Assert.Equal("127.0.0.1:7001", provider.GetRequiredService<IOptions<RedisOptions>>().Value.ConnectionString);
    }

    [Fact]
    public void The_Redis_section_is_used_without_an_Aspire_connection_string()
    {
        using var provider = Build(new() { ["Redis:ConnectionString"] = "127.0.0.1:7002", ["CredentialEncryption:Key"] = ValidKey });

        Assert.Equal("127.0.0.1:7002", provider.GetRequiredService<IOptions<RedisOptions>>().Value.ConnectionString);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not base64!")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAA==")]
    public void Start_up_fails_without_a_32_byte_encryption_key(string? key)
    {
        using var provider = Build(new() { ["ConnectionStrings:redis"] = "127.0.0.1:1", ["CredentialEncryption:Key"] = key });

        var failure = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        Assert.Contains("CredentialEncryption:Key", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Start_up_fails_with_a_malformed_previous_key()
    {
        using var provider = Build(new()
        {
            ["ConnectionStrings:redis"] = "127.0.0.1:1",
            ["CredentialEncryption:Key"] = ValidKey,
            ["CredentialEncryption:PreviousKeys:0"] = "short",
        });

        var failure = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        Assert.Contains("PreviousKeys:0", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Start_up_fails_without_a_connection_string()
    {
        using var provider = Build(new() { ["CredentialEncryption:Key"] = ValidKey });

        var failure = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        Assert.Contains("ConnectionStrings:redis", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resolving_the_adapters_does_not_wait_for_an_unreachable_Redis()
    {
        // A port that takes connections and never answers: connecting would wait the whole connect timeout, ten minutes.
        var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        try
        {
            await using var provider = Build(new()
            {
                ["ConnectionStrings:redis"] = $"127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}",
                ["Redis:ConnectTimeoutMilliseconds"] = "600000",
                ["CredentialEncryption:Key"] = ValidKey,
            });

            await Task.Run(() =>
            {
                provider.GetRequiredService<ICredentialCache>();
                provider.GetRequiredService<ISuppressionLookup>();
                provider.GetRequiredService<IIdempotencyStore>();
            }).WaitAsync(TimeSpan.FromMinutes(1));
        }
        finally
        {
            silent.Stop();
        }
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings, Action<IServiceCollection>? before = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddLogging();
        services.AddSingleton<ISuppressionStore>(new DictionarySuppressionStore());
        before?.Invoke(services);
        services.AddRedisInfrastructure();
        return services.BuildServiceProvider();
    }
}
