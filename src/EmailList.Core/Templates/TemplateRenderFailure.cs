namespace EmailList.Core.Templates;

public enum TemplateRenderFailure
{
    /// <summary>A part does not parse as Handlebars.</summary>
    Syntax,

    /// <summary>The template outputs a variable the data does not have.</summary>
    MissingVariable,

    /// <summary>The rendered parts together exceed the renderer's bound.</summary>
    TooLarge,

    /// <summary>The template uses what EmailList does not provide: a helper or partial that is not defined.</summary>
    Unsupported,
}
