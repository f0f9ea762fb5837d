namespace EmailList.Core.Templates;

/// <summary>A template rendered in full with its data; never part of one.</summary>
public sealed record RenderedTemplate(string Subject, string? Html, string? Text);
