using System.Net;
using System.Net.Sockets;

namespace EmailList.Core.Webhooks;

/// <summary>
/// What a webhook URL may be: absolute https (http only where private targets are allowed), no user info, within
/// <see cref="WebhookLimits.MaxUrlLength"/>; and which addresses count as private (never dialled in production).
/// </summary>
public static class WebhookTargetRules
{
    private static readonly (IPAddress Network, int Bits)[] NonPublicV4 =
    [
        (IPAddress.Parse("0.0.0.0"), 8),         // "this network", unspecified
        (IPAddress.Parse("10.0.0.0"), 8),        // RFC 1918
        (IPAddress.Parse("100.64.0.0"), 10),     // CGNAT (RFC 6598)
        (IPAddress.Parse("127.0.0.0"), 8),       // loopback
        (IPAddress.Parse("169.254.0.0"), 16),    // link-local, incl. 169.254.169.254 (cloud metadata)
        (IPAddress.Parse("172.16.0.0"), 12),     // RFC 1918
        (IPAddress.Parse("192.0.0.0"), 24),      // IETF protocol assignments
        (IPAddress.Parse("192.168.0.0"), 16),    // RFC 1918
        (IPAddress.Parse("198.18.0.0"), 15),     // benchmarking
        (IPAddress.Parse("224.0.0.0"), 4),       // multicast
        (IPAddress.Parse("240.0.0.0"), 4),       // reserved, broadcast
    ];

    private static readonly (IPAddress Network, int Bits)[] NonPublicV6 =
    [
        (IPAddress.IPv6Any, 128),                // unspecified
        (IPAddress.IPv6Loopback, 128),           // ::1
        (IPAddress.Parse("fc00::"), 7),          // unique local
        (IPAddress.Parse("fe80::"), 10),         // link-local
        (IPAddress.Parse("fec0::"), 10),         // site-local (deprecated)
        (IPAddress.Parse("ff00::"), 8),          // multicast
        (IPAddress.Parse("64:ff9b:1::"), 48),    // local-use NAT64
        (IPAddress.Parse("100::"), 64),          // discard
        (IPAddress.Parse("2001:db8::"), 32),     // documentation
    ];

    /// <summary>Whether <paramref name="address"/> is a public unicast address, the only kind a production webhook may reach.</summary>
    public static bool IsPublic(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        else if (address.AddressFamily == AddressFamily.InterNetworkV6 && IsEmbeddedV4(address) is { } embedded)
        {
            // NAT64 (64:ff9b::/96), IPv4-compatible (::a.b.c.d) and 6to4 (2002::/16) carry an IPv4 address that may be private.
            if (!IsPublic(embedded))
            {
                return false;
            }
        }

        var ranges = address.AddressFamily switch
        {
            AddressFamily.InterNetwork => NonPublicV4,
            AddressFamily.InterNetworkV6 => NonPublicV6,
            _ => null,
        };
        return ranges is not null && !ranges.Any(r => InRange(address, r.Network, r.Bits));
    }

    /// <summary>
    /// Checks a URL's form (not where it resolves): the URL, or null and why not, in words a caller can act on.
    /// </summary>
    public static Uri? Parse(string? text, bool allowPrivateTargets, out string? error)
    {
        error = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "A url is required: the absolute https URL we POST events to, e.g. https://example.com/webhooks/emaillist.";
            return null;
        }

        if (text.Length > WebhookLimits.MaxUrlLength)
        {
            error = $"The url is {text.Length} characters; at most {WebhookLimits.MaxUrlLength} are allowed.";
            return null;
        }

        if (!Uri.TryCreate(text.Trim(), UriKind.Absolute, out var url) || url.Host.Length == 0)
        {
            error = "The url is not an absolute URL; give one such as https://example.com/webhooks/emaillist.";
            return null;
        }

        if (url.Scheme != Uri.UriSchemeHttps && !(allowPrivateTargets && url.Scheme == Uri.UriSchemeHttp))
        {
            error = allowPrivateTargets
                ? $"The url's scheme is '{url.Scheme}'; use https (or http on this deployment)."
                : $"The url's scheme is '{url.Scheme}'; webhooks are delivered over https only.";
            return null;
        }

        if (url.UserInfo.Length > 0)
        {
            error = "The url must not contain a user name or password; put a secret in the path or query, or verify our signature.";
            return null;
        }

        if (url.Fragment.Length > 0)
        {
            error = "The url must not contain a fragment ('#...'); it is never sent to the server.";
            return null;
        }

        return url;
    }

    /// <summary>The IP literal in <paramref name="url"/>'s host, or null when the host is a name.</summary>
    public static IPAddress? LiteralAddress(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        return url.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6 && IPAddress.TryParse(url.IdnHost.Trim('[', ']'), out var address)
            ? address
            : null;
    }

    private static IPAddress? IsEmbeddedV4(IPAddress address)
    {
        var bytes = address.GetAddressBytes();
        var nat64 = bytes[0] == 0x00 && bytes[1] == 0x64 && bytes[2] == 0xff && bytes[3] == 0x9b && bytes.AsSpan(4, 8).IndexOfAnyExcept((byte)0) < 0;
        var compatible = bytes.AsSpan(0, 12).IndexOfAnyExcept((byte)0) < 0 && !(bytes[12] == 0 && bytes[13] == 0 && bytes[14] == 0 && bytes[15] <= 1);
        if (nat64 || compatible)
        {
            return new IPAddress(bytes.AsSpan(12, 4));
        }

        return bytes[0] == 0x20 && bytes[1] == 0x02 ? new IPAddress(bytes.AsSpan(2, 4)) : null;
    }

    private static bool InRange(IPAddress address, IPAddress network, int bits)
    {
        var a = address.GetAddressBytes();
        var n = network.GetAddressBytes();
        if (a.Length != n.Length)
        {
            return false;
        }

        for (var i = 0; i < a.Length && bits > 0; i++, bits -= 8)
        {
            var mask = bits >= 8 ? 0xff : (byte)(0xff << (8 - bits));
            if ((a[i] & mask) != (n[i] & mask))
            {
                return false;
            }
        }

        return true;
    }
}
