namespace EmailList.Aws.Ses;

/// <summary>How <see cref="SesV2Client"/> reaches SES v2 and how hard it retries (configuration section "Ses").</summary>
public sealed class SesOptions : AwsClientOptions
{
    public const string SectionName = "Ses";

    protected override string Section => SectionName;
}
