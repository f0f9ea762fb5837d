using System.Security.Cryptography;

namespace EmailList.Core.Webhooks;

/// <summary>Signing secrets in the form Standard Webhooks libraries take: "whsec_" + base64 of 32 random bytes.</summary>
public static class WebhookSecret
{
    public const string Prefix = "whsec_";

    public static string New() => Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
}
