using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace EmailList.SendApi.Tests.EndToEnd;

/// <summary>Requests no HttpClient would send, written byte for byte to the send API's Kestrel.</summary>
[Collection(SendPathGroup.Name)]
public sealed class RawHttpTests(SendPathFixture fixture)
{
    [Fact]
    public async Task A_malformed_chunked_body_is_answered_400_with_a_ProblemDetails()
    {
        var tenant = await fixture.CreateTenantAsync();
        var token = fixture.Tokens.ForTenant(tenant.Id, "mail:send");

        var (status, headers, body) = await SendRawAsync(
            $"POST /mail HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer {token}\r\nContent-Type: application/json\r\n" +
            "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\n{}\r\n0\r\n\r\n");

        Assert.Equal(400, status);
        Assert.Contains("content-type: application/problem+json", headers, StringComparison.OrdinalIgnoreCase);
        Assert.False(string.IsNullOrWhiteSpace(JsonDocument.Parse(body).RootElement.GetProperty("detail").GetString()));
    }

    // Kestrel refuses these while it parses the request, before any middleware runs, and writes the status line
    // with Content-Length: 0 itself (HttpProtocol.SetBadRequestState -> SetErrorResponseHeaders); no option lets
    // the app give them a body. This pins that behaviour, which README's "Errors" section documents.
    [Theory]
    [InlineData("GET /{long} HTTP/1.1\r\nHost: localhost\r\n\r\n", 414)]
    [InlineData("GET /health HTTP/1.1\r\nHost: localhost\r\n{headers}\r\n", 431)]
    [InlineData("GET /health HTTP/9.9 extra\r\nHost: localhost\r\n\r\n", 400)]
    [InlineData("NOT A REQUEST LINE\r\n\r\n", 400)]
    public async Task Requests_Kestrel_cannot_parse_are_answered_before_the_app_with_a_status_and_no_body(string request, int expected)
    {
        request = request
            .Replace("{long}", new string('a', 9 * 1024), StringComparison.Ordinal)
            .Replace("{headers}", string.Concat(Enumerable.Range(0, 40).Select(i => $"X-Filler-{i}: {new string('b', 1000)}\r\n")), StringComparison.Ordinal);

        var (status, headers, body) = await SendRawAsync(request);

        Assert.Equal(expected, status);
        Assert.Contains("content-length: 0", headers, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(body);
    }

    private async Task<(int Status, string Headers, string Body)> SendRawAsync(string request)
    {
        using var tcp = new TcpClient();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await tcp.ConnectAsync(fixture.Api.BaseAddress.Host, fixture.Api.BaseAddress.Port, timeout.Token);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request), timeout.Token);

        // Every answer here closes the connection: read to the end.
        using var response = new MemoryStream();
        await stream.CopyToAsync(response, timeout.Token);
        var text = Encoding.UTF8.GetString(response.ToArray());
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        Assert.True(end > 0, $"No complete response: '{text}'");
        var head = text[..end];
        var status = int.Parse(head.Split(' ', 3)[1], System.Globalization.CultureInfo.InvariantCulture);
        var body = text[(end + 4)..];
        return (status, head, head.Contains("transfer-encoding: chunked", StringComparison.OrdinalIgnoreCase) ? Dechunk(body) : body);
    }

    private static string Dechunk(string chunked)
    {
        var body = new StringBuilder();
        var at = 0;
        while (true)
        {
            var lineEnd = chunked.IndexOf("\r\n", at, StringComparison.Ordinal);
            var size = Convert.ToInt32(chunked[at..lineEnd].Split(';')[0], 16);
            if (size == 0)
            {
                return body.ToString();
            }

            body.Append(chunked, lineEnd + 2, size);
            at = lineEnd + 2 + size + 2;
        }
    }
}
