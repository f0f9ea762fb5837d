namespace EmailList.Core.Templates;

/// <summary>A template that cannot be rendered, and why; <see cref="Exception.Message"/> is fit to show the tenant.</summary>
public sealed class TemplateRenderException : Exception
{
    public TemplateRenderException()
    {
    }

    public TemplateRenderException(string message) : base(message)
    {
    }

    public TemplateRenderException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public TemplateRenderException(TemplateRenderFailure failure, string part, string message, int? line = null, string? variable = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Failure = failure;
        Part = part;
        Line = line;
        Variable = variable;
    }

    public TemplateRenderFailure Failure { get; }

    /// <summary>subject, html or text.</summary>
    public string Part { get; } = string.Empty;

    /// <summary>The 1-based line of a syntax error, when it is known.</summary>
    public int? Line { get; }

    /// <summary>The missing variable's name.</summary>
    public string? Variable { get; }
}
