namespace EmailList.SendApi.Mail.Batch;

/// <summary>How a batch treats its invalid items, chosen with the <c>x-batch-validation</c> header, as Resend's batch API does.</summary>
public enum BatchValidation
{
    /// <summary>The default: every item is checked first; if any is invalid nothing is sent and the answer is 422.</summary>
    Strict,

    /// <summary>The valid items are sent and each invalid one is reported at its index.</summary>
    Permissive,
}
