namespace EmailList.Core.Ses;

/// <summary>Envelope recipients (bare addresses). Bcc is here only, never in the MIME headers.</summary>
public sealed record SesDestination(IReadOnlyList<string> To, IReadOnlyList<string> Cc, IReadOnlyList<string> Bcc);
