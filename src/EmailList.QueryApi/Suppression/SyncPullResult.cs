namespace EmailList.QueryApi.Suppression;

/// <param name="Seen">Entries on the SES account-level suppression list that were read.</param>
/// <param name="Added">Of those, the ones that were not on the tenant's list and were added (source "ses-sync").</param>
/// <param name="Complete">False when the SES list is longer than one sync reads; run the sync again for the rest.</param>
internal sealed record SyncPullResult(int Seen, int Added, int AlreadyPresent, bool Complete);
