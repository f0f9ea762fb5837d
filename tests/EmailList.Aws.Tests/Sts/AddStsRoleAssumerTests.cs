using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace EmailList.Aws.Tests.Sts;

/// <summary>STS options are checked when the host starts, not on the first tenant request.</summary>
public sealed class AddStsRoleAssumerTests
{
    [Theory]
    [InlineData("Sts:AccessKeyId", "AKIAONLYTHEKEY", "SecretAccessKey")]
    [InlineData("Sts:Region", "Ireland", "Region")]
    [InlineData("Sts:PlatformAccountId", "12345", "PlatformAccountId")]
    [InlineData("Sts:ServiceUrl", "/relative", "ServiceUrl")]
    public async Task Invalid_options_stop_the_host_from_starting(string key, string value, string named)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { [key] = value });
        builder.Services.AddStsRoleAssumer();
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(named, string.Join(" ", error.Failures), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Valid_options_start_the_host()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Sts:Region"] = "eu-central-1",
            ["Sts:AccessKeyId"] = "AKIAPLATFORMKEY",
            ["Sts:SecretAccessKey"] = "platform-secret",
        });
        builder.Services.AddStsRoleAssumer();
        using var host = builder.Build();

        await host.StartAsync();

        Assert.NotNull(host.Services.GetRequiredService<EmailList.Core.Credentials.IRoleAssumer>());
        await host.StopAsync();
    }
}
