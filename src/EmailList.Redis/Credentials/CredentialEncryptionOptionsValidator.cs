using Microsoft.Extensions.Options;

namespace EmailList.Redis.Credentials;

internal sealed class CredentialEncryptionOptionsValidator : IValidateOptions<CredentialEncryptionOptions>
{
    public ValidateOptionsResult Validate(string? name, CredentialEncryptionOptions options)
    {
        var failures = new List<string>();
        if (!IsKey(options.Key))
        {
            failures.Add($"{CredentialEncryptionOptions.SectionName}:{nameof(CredentialEncryptionOptions.Key)} must be base64 of exactly {CredentialProtector.KeySize} bytes (generate one with `openssl rand -base64 32`).");
        }

        for (var i = 0; i < options.PreviousKeys.Count; i++)
        {
            if (!IsKey(options.PreviousKeys[i]))
            {
                failures.Add($"{CredentialEncryptionOptions.SectionName}:{nameof(CredentialEncryptionOptions.PreviousKeys)}:{i} must be base64 of exactly {CredentialProtector.KeySize} bytes.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsKey(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return false;
        }

        Span<byte> buffer = stackalloc byte[CredentialProtector.KeySize + 3];
        return Convert.TryFromBase64String(value.Trim(), buffer, out var written) && written == CredentialProtector.KeySize;
    }
}
