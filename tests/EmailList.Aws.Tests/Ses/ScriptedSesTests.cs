using EmailList.Aws.Ses;

namespace EmailList.Aws.Tests.Ses;

/// <summary>Tests of one <see cref="SesV2Client"/> against a fresh <see cref="ScriptedAwsServer"/> per test.</summary>
public abstract class ScriptedSesTests : IAsyncLifetime
{
    protected ScriptedAwsServer Server { get; private set; } = null!;

    protected SesV2Client Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await ScriptedAwsServer.StartAsync();
        Client = SesTestClient.Create(Server);
    }

    public async Task DisposeAsync() => await Server.DisposeAsync();
}
