namespace EmailList.QueryApi.Suppression;

/// <param name="Reason">MANUAL, BOUNCE, COMPLAINT or UNSUBSCRIBE.</param>
internal sealed record PutSuppressionRequest(string? Reason);
