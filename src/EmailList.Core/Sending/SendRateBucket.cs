namespace EmailList.Core.Sending;

/// <summary>
/// The token bucket both gates use for a rate: one second's worth of recipients, refilled continuously, so no second
/// ever carries more than the rate plus what the previous idle second left. A message with more recipients than the
/// bucket holds takes its tokens in chunks of at most one bucket, so it waits longer but is never refused.
/// </summary>
public static class SendRateBucket
{
    public static int Size(double recipientsPerSecond) => Math.Max(1, (int)Math.Floor(recipientsPerSecond));
}
