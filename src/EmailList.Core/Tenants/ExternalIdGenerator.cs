using System.Security.Cryptography;

namespace EmailList.Core.Tenants;

public static class ExternalIdGenerator
{
    private const string Alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    /// <summary>40 characters from a 57-symbol alphabet (~233 bits): unguessable and unique in practice.</summary>
    public static string Create() => "el-" + RandomNumberGenerator.GetString(Alphabet, 40);
}
