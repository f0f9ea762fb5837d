using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace EmailList.Core.Webhooks;

/// <summary>
/// Refuses webhook targets that resolve to non-public addresses (<see cref="WebhookTargetRules.IsPublic"/>) unless
/// <see cref="WebhookTargetOptions.AllowPrivateTargets"/>. Checked when a webhook is saved, for a clear answer, and again
/// at every connection by the dispatcher (<see cref="ResolveAsync"/>), so DNS that changes after the check (rebinding)
/// cannot reach a private address.
/// </summary>
public sealed class WebhookTargetGuard(IOptions<WebhookTargetOptions> options)
{
    public bool AllowPrivateTargets => options.Value.AllowPrivateTargets;

    /// <summary>Why the URL may not be used, or null when it may (resolving its host unless private targets are allowed).</summary>
    public async Task<string?> RefusalAsync(Uri url, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (AllowPrivateTargets)
        {
            return null;
        }

        try
        {
            await ResolveAsync(url.IdnHost, cancellationToken);
            return null;
        }
        catch (WebhookTargetException e)
        {
            return e.Message;
        }
    }

    /// <summary>
    /// The addresses of <paramref name="host"/>, every one of them public unless private targets are allowed; throws
    /// <see cref="WebhookTargetException"/> when it does not resolve or any address is not public.
    /// </summary>
    public async Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(host);
        var literal = IPAddress.TryParse(host.Trim('[', ']'), out var parsed) ? parsed : null;
        IPAddress[] addresses;
        if (literal is not null)
        {
            addresses = [literal];
        }
        else
        {
            try
            {
                addresses = await Dns.GetHostAddressesAsync(host, cancellationToken);
            }
            catch (SocketException e)
            {
                throw new WebhookTargetException($"The host '{host}' does not resolve ({e.SocketErrorCode}).", e);
            }
        }

        if (addresses.Length == 0)
        {
            throw new WebhookTargetException($"The host '{host}' has no address.");
        }

        if (!AllowPrivateTargets && addresses.FirstOrDefault(a => !WebhookTargetRules.IsPublic(a)) is { } refused)
        {
            throw new WebhookTargetException(literal is not null
                ? $"The address {refused} is not a public address (loopback, private, link-local, metadata, CGNAT, multicast or reserved); webhooks reach public endpoints only."
                : $"The host '{host}' resolves to {refused}, which is not a public address (loopback, private, link-local, metadata, CGNAT, multicast or reserved); webhooks reach public endpoints only.");
        }

        return addresses;
    }
}
