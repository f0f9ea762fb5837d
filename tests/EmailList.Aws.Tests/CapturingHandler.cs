using System.Net;

namespace EmailList.Aws.Tests;

/// <summary>
/// Answers every request in-process with 200 and <paramref name="body"/>, and keeps the URIs asked for: where a client
/// sends, without requests to real AWS host names ever leaving the machine.
/// </summary>
internal sealed class CapturingHandler(string body) : HttpMessageHandler
{
    public List<Uri> Uris { get; } = [];

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Uris.Add(request.RequestUri!);
        return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body) });
    }
}
