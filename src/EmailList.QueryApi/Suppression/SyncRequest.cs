namespace EmailList.QueryApi.Suppression;

/// <param name="Direction">pull (SES to us), push (us to SES) or both.</param>
internal sealed record SyncRequest(string? Direction);
