using EmailList.Core.Credentials;
using EmailList.Core.Ses;
using EmailList.Testing.Sandbox;
using Microsoft.Extensions.Time.Testing;

namespace EmailList.Sandbox.Tests;

/// <summary>How SES treats session credentials: expiry on the sandbox's clock, tampering, foreign tokens, clock skew.</summary>
public sealed class SessionCredentialTests : IAsyncLifetime
{
    // Started at the real time: AWSSDK signs AssumeRole with the real clock, which must be within the skew.
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private SandboxFixture _sandbox = null!;

    public async Task InitializeAsync() => _sandbox = await SandboxFixture.StartAsync(_clock);

    public Task DisposeAsync() => _sandbox.DisposeAsync();

    [Fact]
    public async Task Session_credentials_past_their_expiration_are_refused_as_expired()
    {
        var tenant = await _sandbox.CreateTenantAsync(SandboxClients.NewAccountId(), "ext-1");
        var credentials = await SandboxClients.AssumeAsync(_sandbox, tenant, durationSeconds: 900);
        var session = new SesSession(credentials, SandboxFixture.Region);
        var ses = SandboxClients.Ses(_sandbox, timeProvider: _clock);
        await ses.GetAccountAsync(session, CancellationToken.None);

        _clock.Advance(TimeSpan.FromMinutes(16));
        var error = await Assert.ThrowsAsync<SesException>(() => ses.SendEmailAsync(session, SandboxClients.Email(), CancellationToken.None));

        Assert.Equal(SesErrorKind.InvalidCredentials, error.Kind);
        Assert.Equal("ExpiredTokenException", error.ErrorCode);
        Assert.Equal("The security token included in the request is expired", error.Message);
    }

    [Fact]
    public async Task A_request_signed_with_a_tampered_secret_fails_the_signature_check()
    {
        var tenant = await _sandbox.CreateTenantAsync(SandboxClients.NewAccountId(), "ext-1");
        var credentials = await SandboxClients.AssumeAsync(_sandbox, tenant);
        var secret = credentials.SecretAccessKey;
        var tampered = new SesSession(credentials with { SecretAccessKey = secret[..^1] + (secret[^1] == 'x' ? 'y' : 'x') }, SandboxFixture.Region);

        var error = await Assert.ThrowsAsync<SesException>(() =>
            SandboxClients.Ses(_sandbox, timeProvider: _clock).SendEmailAsync(tampered, SandboxClients.Email(), CancellationToken.None));

        Assert.Equal((SesErrorKind.InvalidCredentials, "SignatureDoesNotMatch"), (error.Kind, error.ErrorCode));
        Assert.Empty(await _sandbox.Admin.GetOutboxAsync(tenant.AccountId));
    }

    [Fact]
    public async Task A_session_key_with_another_sessions_token_is_an_invalid_token()
    {
        var tenant = await _sandbox.CreateTenantAsync(SandboxClients.NewAccountId(), "ext-1");
        var first = await SandboxClients.AssumeAsync(_sandbox, tenant);
        var second = await SandboxClients.AssumeAsync(_sandbox, tenant);
        var mixed = new SesSession(first with { SessionToken = second.SessionToken }, SandboxFixture.Region);

        var error = await Assert.ThrowsAsync<SesException>(() =>
            SandboxClients.Ses(_sandbox, timeProvider: _clock).GetAccountAsync(mixed, CancellationToken.None));

        Assert.Equal((SesErrorKind.InvalidCredentials, "InvalidClientTokenId"), (error.Kind, error.ErrorCode));
    }

    [Fact]
    public async Task A_request_signed_too_long_ago_is_refused_as_an_expired_signature()
    {
        var tenant = await _sandbox.CreateTenantAsync(SandboxClients.NewAccountId(), "ext-1", maxSessionDurationSeconds: 7200);
        var session = new SesSession(await SandboxClients.AssumeAsync(_sandbox, tenant, durationSeconds: 7200), SandboxFixture.Region);
        var lateClock = new FakeTimeProvider(_clock.GetUtcNow() - TimeSpan.FromMinutes(6));

        var error = await Assert.ThrowsAsync<SesException>(() =>
            SandboxClients.Ses(_sandbox, timeProvider: lateClock).GetAccountAsync(session, CancellationToken.None));

        Assert.Equal((SesErrorKind.InvalidCredentials, "SignatureDoesNotMatch"), (error.Kind, error.ErrorCode));
        Assert.StartsWith("Signature expired: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resetting_the_sandbox_forgets_issued_sessions()
    {
        var tenant = await _sandbox.CreateTenantAsync(SandboxClients.NewAccountId(), "ext-1");
        var session = new SesSession(await SandboxClients.AssumeAsync(_sandbox, tenant), SandboxFixture.Region);

        await _sandbox.Admin.ResetAsync();
        var error = await Assert.ThrowsAsync<SesException>(() =>
            SandboxClients.Ses(_sandbox, timeProvider: _clock).GetAccountAsync(session, CancellationToken.None));

        Assert.Equal("InvalidClientTokenId", error.ErrorCode);
        Assert.NotNull(await _sandbox.Admin.GetAccountAsync(tenant.AccountId));
    }
}
