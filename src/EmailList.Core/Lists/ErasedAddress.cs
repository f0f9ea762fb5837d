using System.Security.Cryptography;
using System.Text;
using EmailList.Core.Suppression;

namespace EmailList.Core.Lists;

/// <summary>What is kept of an erased contact: a hash of tenant and normalized address, enough to recognise the address on a later import and nothing more.</summary>
public static class ErasedAddress
{
    public static string Hash(string tenantId, string email) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(tenantId + "\n" + EmailAddressNormalizer.Normalize(email))));
}
