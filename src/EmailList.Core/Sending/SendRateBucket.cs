namespace EmailList.Core.Sending;

/// <summary>
/// The token bucket both gates use for a rate: one second's worth of recipients, refilled about twenty times a second,
/// so no second carries more than the rate plus what an idle moment before it saved up (at most one second's worth). A message with more recipients than the
/// bucket holds takes its tokens in chunks of at most one bucket, so it waits longer but is never refused.
/// </summary>
public static class SendRateBucket
{
    public static int Size(double recipientsPerSecond) => Math.Max(1, (int)Math.Floor(recipientsPerSecond));

    /// <summary>Tokens added per refill: about twenty refills a second, so the bucket fills smoothly, not once a second.</summary>
    public static int TokensPerRefill(int size) => (size + 19) / 20;

    public static TimeSpan RefillPeriod(int size) => TimeSpan.FromSeconds((double)TokensPerRefill(size) / size);
}
