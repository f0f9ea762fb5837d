namespace EmailList.Core.Tenants;

/// <summary>A customer of the platform, sending through the SES account behind its own IAM role.</summary>
public sealed record Tenant
{
    public const int DefaultEventRetentionDays = 90;

    public required string Id { get; init; }
    public required string Name { get; init; }

    /// <summary>Minted by us at creation (<see cref="ExternalIdGenerator"/>); never accepted from the tenant.</summary>
    public required string ExternalId { get; init; }

    public TenantStatus Status { get; init; } = TenantStatus.PendingRole;
    public string? AwsAccountId { get; init; }
    public string? RoleArn { get; init; }
    public string? Region { get; init; }
    public string? ConfigurationSetName { get; init; }

    /// <summary>Set by an operator: the tenant may use an AWS account that another tenant already uses.</summary>
    public bool AllowSharedAccount { get; init; }

    public ForwardingState Forwarding { get; init; } = ForwardingState.NotConfigured;

    /// <summary>Why forwarding is not configured, in words for the tenant.</summary>
    public string? ForwardingDetail { get; init; }

    /// <summary>How long the tenant's SES events are kept.</summary>
    public int EventRetentionDays { get; init; } = DefaultEventRetentionDays;
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }

    public bool CanSend => Status == TenantStatus.Active && RoleArn is not null && Region is not null;
}
