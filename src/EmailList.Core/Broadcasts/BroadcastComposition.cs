using EmailList.Core.Mail;

namespace EmailList.Core.Broadcasts;

public enum BroadcastCompositionKind
{
    /// <summary>Send <see cref="BroadcastComposition.Message"/>.</summary>
    Send,

    /// <summary>Not sent, deliberately (unsubscribed since, cancelled, erased): Skipped with the reason.</summary>
    Skip,

    /// <summary>Not now (paused, the daily quota used up): given back until <see cref="BroadcastComposition.NotBefore"/>, not counted as an attempt.</summary>
    Defer,

    /// <summary>Cannot be sent (the content no longer renders for this contact): Failed with the reason.</summary>
    Fail,
}

/// <summary>What to do with one broadcast mail now.</summary>
public sealed record BroadcastComposition(BroadcastCompositionKind Kind, MailMessage? Message = null, string? Reason = null, DateTimeOffset NotBefore = default)
{
    public static BroadcastComposition Send(MailMessage message) => new(BroadcastCompositionKind.Send, message);

    public static BroadcastComposition Skip(string reason) => new(BroadcastCompositionKind.Skip, Reason: reason);

    public static BroadcastComposition Defer(DateTimeOffset notBefore, string reason) => new(BroadcastCompositionKind.Defer, Reason: reason, NotBefore: notBefore);

    public static BroadcastComposition Fail(string reason) => new(BroadcastCompositionKind.Fail, Reason: reason);
}
