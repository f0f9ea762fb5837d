namespace EmailList.EventIngester.Events;

/// <summary>What became of a request's events: every one is stored, a duplicate of one stored before, or dropped.</summary>
public sealed record IngestResponse(int Stored, int Duplicates, int Dropped);
