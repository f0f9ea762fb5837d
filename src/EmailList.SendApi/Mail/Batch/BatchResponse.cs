namespace EmailList.SendApi.Mail.Batch;

/// <summary>
/// The answer to POST /mail/batch, in Resend's shape: <see cref="Data"/> the items sent or scheduled, <see cref="Errors"/>
/// those that were not, each with its index; together they hold every item once, each list in index order.
/// </summary>
public sealed record BatchResponse(IReadOnlyList<BatchItemResult> Data, IReadOnlyList<BatchItemError> Errors);
