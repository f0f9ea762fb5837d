using System.ComponentModel.DataAnnotations;

namespace EmailList.Core.Templates;

public sealed class TemplateRendererOptions
{
    public const string SectionName = "Templates";

    /// <summary>Compiled templates kept per process, least recently used dropped first.</summary>
    [Range(1, 100_000)]
    public int CompiledCacheSize { get; set; } = 1000;

    /// <summary>The most characters the rendered subject, html and text may have together (a loop over large data stops here).</summary>
    [Range(1024, 40 * 1024 * 1024)]
    public int MaxRenderedChars { get; set; } = 8 * 1024 * 1024;
}
