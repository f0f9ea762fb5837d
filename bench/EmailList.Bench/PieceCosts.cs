using System.Globalization;
using System.Net;
using System.Reflection;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;
using EmailList.Aws.Ses;
using EmailList.Core.Credentials;
using EmailList.Core.Mail;
using EmailList.Core.Ses;
using EmailList.Core.Suppression;
using EmailList.SendApi.Mail;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using MimeKit;

namespace EmailList.Bench;

/// <summary>
/// Allocated bytes per call of each piece of the send path, in this process with nothing else running
/// (<c>--pieces N</c>): what to cut first. The send API's own total comes from <c>--cost</c>.
/// </summary>
public static class PieceCosts
{
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""
        {"from":"Bench <bench@example.com>","to":["success@simulator.amazonses.com"],"subject":"Benchmark","text":"Hello from the benchmark.","html":"<p>Hello from the benchmark.</p>"}
        """);

    private static readonly SesSession Session = new(
        new TemporaryCredentials("ASIABENCHKEY00000001", "bench-secret-bench-secret-bench-secret00", new string('t', 600), DateTimeOffset.UtcNow.AddHours(1)),
        "us-east-1");

    public static async Task RunAsync(int iterations)
    {
        var options = JsonSerializerOptions.Web;
        var validate = ValidatorDelegate();
        var request = JsonSerializer.Deserialize<SendMailRequest>(Body, options)!;
        validate(request, out var message);

        Measure("request JSON parse (reflection options)", iterations, () => JsonSerializer.Deserialize<SendMailRequest>(Body, options));
        Measure("request validation (addresses, headers, tags)", iterations, () => validate(request, out _));
        Measure("email address normalization (1 recipient)", iterations, () => EmailAddressNormalizer.Normalize("success@simulator.amazonses.com"));
        var date = DateTimeOffset.UtcNow;
        Measure("MIME compose", iterations, () => MimeComposer.Compose(message!, message!.To, [], date));

        var raw = MimeComposer.Compose(message!, message!.To, [], date);
        var email = new OutboundEmail("bench@example.com", new SesDestination(["success@simulator.amazonses.com"], [], []), raw,
            [new(MessageTags.Tenant, "bench"), new(MessageTags.ConfigurationSet, "emaillist")], "emaillist");
        Measure("SigV4 signing alone (AWSSigV4Signer)", iterations, () => Sign(raw));
        using var http = new HttpClient(new CannedSesHandler());
        var ses = new SesV2Client(http, Options.Create(new SesOptions { ServiceUrl = new Uri("http://127.0.0.1:1/") }),
            TimeProvider.System, NullLogger<SesV2Client>.Instance);
        await MeasureAsync("SesV2Client.SendEmailAsync (JSON + signing + HttpRequestMessage + Polly, canned answer)", iterations,
            () => ses.SendEmailAsync(Session, email, CancellationToken.None));

        var key = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(new string('k', 32)));
        var handler = new JsonWebTokenHandler();
        var token = handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "https://idp.bench.local/",
            Audience = "emaillist",
            Subject = new ClaimsIdentity([new Claim("tenant_id", "bench"), new Claim("scope", "mail:send"), new Claim("sub", "bench")]),
            Expires = DateTime.UtcNow.AddHours(2),
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256),
        });
        var parameters = new TokenValidationParameters
        {
            ValidIssuer = "https://idp.bench.local/",
            ValidAudience = "emaillist",
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ValidateIssuerSigningKey = true,
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            IssuerSigningKeys = [key],
            NameClaimType = "sub",
        };
        await MeasureAsync("JWT validation (JsonWebTokenHandler, HS256)", iterations, () => handler.ValidateTokenAsync(token, parameters));
    }

    private delegate bool Validate(SendMailRequest request, out MailMessage? message);

    private static Validate ValidatorDelegate()
    {
        var method = typeof(SendMailRequest).Assembly.GetType("EmailList.SendApi.Mail.SendMailRequestValidator", throwOnError: true)!
            .GetMethod("TryValidate", BindingFlags.Public | BindingFlags.Static)!;
        return (SendMailRequest request, out MailMessage? message) =>
        {
            var args = new object?[] { request, null, null };
            var ok = (bool)method.Invoke(null, args)!;
            message = (MailMessage?)args[1];
            return ok;
        };
    }

    private static AWSSigningResult Sign(byte[] body) => AWSSigV4Signer.Sign(
        new AWSSigningRequest { HttpMethod = HttpMethod.Post, RequestUri = new Uri("https://email.us-east-1.amazonaws.com/v2/email/outbound-emails"), Content = body },
        new AWSSigV4Parameters
        {
            Credentials = new SessionAWSCredentials(Session.Credentials.AccessKeyId, Session.Credentials.SecretAccessKey, Session.Credentials.SessionToken),
            Region = RegionEndpoint.GetBySystemName(Session.Region),
            Service = "ses",
            SignPayload = true,
            SignedAt = DateTime.UtcNow,
        });

    private static void Measure(string name, int iterations, Func<object?> piece)
    {
        for (var i = 0; i < 200; i++)
        {
            piece();
        }

        var bytes = GC.GetTotalAllocatedBytes(precise: true);
        var cpu = Environment.CpuUsage.TotalTime;
        for (var i = 0; i < iterations; i++)
        {
            piece();
        }

        Report(name, iterations, GC.GetTotalAllocatedBytes(precise: true) - bytes, Environment.CpuUsage.TotalTime - cpu);
    }

    private static async Task MeasureAsync<T>(string name, int iterations, Func<Task<T>> piece)
    {
        for (var i = 0; i < 200; i++)
        {
            await piece();
        }

        var bytes = GC.GetTotalAllocatedBytes(precise: true);
        var cpu = Environment.CpuUsage.TotalTime;
        for (var i = 0; i < iterations; i++)
        {
            await piece();
        }

        Report(name, iterations, GC.GetTotalAllocatedBytes(precise: true) - bytes, Environment.CpuUsage.TotalTime - cpu);
    }

    private static void Report(string name, int iterations, long bytes, TimeSpan cpu) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name,-90} {bytes / (double)iterations,9:F0} B/call {cpu.TotalMilliseconds * 1000 / iterations,8:F1} us CPU/call"));

    /// <summary>Answers every request as SES answers SendEmail, without a network.</summary>
    private sealed class CannedSesHandler : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = new StringContent("""{"MessageId":"0100018c-bench-message-id"}""", Encoding.UTF8, "application/json"),
            });
    }
}
