namespace EmailList.QueryApi.Suppression;

/// <param name="Pushed">BOUNCE and COMPLAINT entries put on the SES account-level list.</param>
/// <param name="AlreadyInSes">BOUNCE and COMPLAINT entries SES already had.</param>
/// <param name="SkippedManual">MANUAL entries, which SES's list cannot hold.</param>
/// <param name="SkippedUnsubscribe">UNSUBSCRIBE entries, which SES's list cannot hold.</param>
/// <param name="Complete">False when the tenant's list is longer than one sync reads; run the sync again for the rest.</param>
internal sealed record SyncPushResult(int Pushed, int AlreadyInSes, int SkippedManual, int SkippedUnsubscribe, bool Complete);
