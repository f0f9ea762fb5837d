namespace EmailList.Core.Ses;

public sealed record SuppressedDestinationPage(IReadOnlyList<SuppressedDestination> Items, string? NextToken);
