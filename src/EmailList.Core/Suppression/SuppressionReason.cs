namespace EmailList.Core.Suppression;

public enum SuppressionReason
{
    Bounce,
    Complaint,
    Manual,
    Unsubscribe,
}
