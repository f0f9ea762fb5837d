using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using HandlebarsDotNet;
using HandlebarsDotNet.IO;
using Microsoft.Extensions.Options;

namespace EmailList.Core.Templates;

/// <summary>
/// Renders templates in SES's syntax (Handlebars: <c>{{name}}</c>, <c>{{#if}}</c>, <c>{{#each}}</c>) with Handlebars.Net.
/// The html part is HTML-escaped (<c>{{{name}}}</c> writes raw), subject and text are not. Outputting a value the data
/// lacks fails naming it; inside <c>#if</c>, <c>#unless</c> and <c>#each</c> a missing value is simply false or empty,
/// as in Handlebars.js, so a template can test for optional data. Every part is rendered before anything is returned,
/// within <see cref="TemplateRendererOptions.MaxRenderedChars"/>, so a failure never leaves a partial mail.
/// Compiled parts are cached per (tenant, name, version, written at), bounded.
/// </summary>
public sealed partial class TemplateRenderer
{
    private readonly IHandlebars _html;
    private readonly IHandlebars _plain;
    private readonly Lock _compileGate = new();
    private readonly CompiledTemplateCache _cache;
    private readonly int _maxRenderedChars;

    public TemplateRenderer(IOptions<TemplateRendererOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _html = Create(noEscape: false);
        _plain = Create(noEscape: true);
        _cache = new CompiledTemplateCache(options.Value.CompiledCacheSize);
        _maxRenderedChars = options.Value.MaxRenderedChars;
    }

    /// <summary>Throws <see cref="TemplateRenderException"/> (<see cref="TemplateRenderFailure.Syntax"/>) naming the part and line that does not parse.</summary>
    public void CheckSyntax(TemplateContent content)
    {
        ArgumentNullException.ThrowIfNull(content);
        _ = Compile(content);
    }

    /// <param name="data">A JSON object, or null for no data.</param>
    public RenderedTemplate Render(Template template, JsonElement? data)
    {
        ArgumentNullException.ThrowIfNull(template);
        var model = data is { ValueKind: not (JsonValueKind.Null or JsonValueKind.Undefined) } element
            ? element.ValueKind == JsonValueKind.Object
                ? ToModel(element)
                : throw new ArgumentException("Template data must be a JSON object.", nameof(data))
            : new Dictionary<string, object?>(StringComparer.Ordinal);

        var key = new CompiledTemplateCache.Key(template.TenantId, template.Name, template.Version, template.UpdatedAt);
        var compiled = _cache.GetOrAdd(key, () => Compile(template.Content));
        var budget = new RenderBudget(_maxRenderedChars);
        return new RenderedTemplate(
            RenderPart("subject", compiled.Subject, model, budget)!,
            RenderPart("html", compiled.Html, model, budget),
            RenderPart("text", compiled.Text, model, budget));
    }

    private CompiledTemplate Compile(TemplateContent content)
    {
        lock (_compileGate)
        {
            return new CompiledTemplate(
                CompilePart(_plain, "subject", content.Subject)!,
                CompilePart(_html, "html", content.Html),
                CompilePart(_plain, "text", content.Text));
        }
    }

    private static HandlebarsTemplate<TextWriter, object, object>? CompilePart(IHandlebars handlebars, string part, string? source)
    {
        if (source is null)
        {
            return null;
        }

        try
        {
            var compiled = handlebars.Compile(new StringReader(source));
            return compiled;
        }
        catch (HandlebarsException e)
        {
            throw SyntaxError(part, source, e);
        }
    }

    private static string? RenderPart(string part, HandlebarsTemplate<TextWriter, object, object>? template, object model, RenderBudget budget)
    {
        if (template is null)
        {
            return null;
        }

        using var writer = new BoundedStringWriter(budget);
        try
        {
            template(writer, model, model);
        }
        catch (MissingVariableException e)
        {
            throw new TemplateRenderException(TemplateRenderFailure.MissingVariable, part,
                $"The {part} uses '{e.Variable}', which the data does not have; add \"{e.Variable}\" to the data (an empty string if it should print nothing).",
                variable: e.Variable);
        }
        catch (RenderBudgetExceededException)
        {
            throw new TemplateRenderException(TemplateRenderFailure.TooLarge, part,
                $"The rendered template is larger than {budget.Limit} characters; send less data or a smaller template.");
        }
        catch (HandlebarsException e)
        {
            throw new TemplateRenderException(TemplateRenderFailure.Unsupported, part,
                $"The {part} could not be rendered: {FirstLine(e.Message)} Only Handlebars' built-in helpers (if, unless, each, with, lookup) and inline partials are available.",
                innerException: e);
        }

        return writer.ToString();
    }

    private static TemplateRenderException SyntaxError(string part, string source, HandlebarsException e)
    {
        // Handlebars.Net names a position ("Occured at: line:column", line counted from 0) only for lexer errors;
        // for an unbalanced block it names none, so the line is found by matching the blocks here.
        var line = Location().Match(e.Message) is { Success: true } m
            ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) + 1
            : UnbalancedBlockLine(source);
        var where = line is null ? string.Empty : $" on line {line}";
        return new TemplateRenderException(TemplateRenderFailure.Syntax, part,
            $"The {part} is not a valid template{where}: {FirstLine(e.Message)}", line, innerException: e);
    }

    /// <summary>The line of the first block closed without being open (or closing another), else of the last one never closed.</summary>
    internal static int? UnbalancedBlockLine(string source)
    {
        var open = new Stack<(string Name, int Line)>();
        foreach (Match block in Block().Matches(source))
        {
            var line = 1 + source.AsSpan(0, block.Index).Count('\n');
            var name = block.Groups[2].Value;
            if (block.Groups[1].Value != "/")
            {
                open.Push((name, line));
            }
            else if (!open.TryPop(out var opened) || opened.Name != name)
            {
                return line;
            }
        }

        return open.TryPeek(out var unclosed) ? unclosed.Line : null;
    }

    private static string FirstLine(string message)
    {
        var text = message.AsSpan().Trim();
        var newline = text.IndexOfAny('\r', '\n');
        var first = (newline < 0 ? text : text[..newline]).TrimEnd().ToString();
        return first.EndsWith('.') ? first : first + ".";
    }

    private static IHandlebars Create(bool noEscape)
    {
        var configuration = new HandlebarsConfiguration
        {
            NoEscape = noEscape,
            FormatProvider = CultureInfo.InvariantCulture,
            ThrowOnUnresolvedBindingExpression = false,
        };
        configuration.FormatterProviders.Add(new MissingVariableFormatter());
        return Handlebars.Create(configuration);
    }

    private static Dictionary<string, object?> ToModel(JsonElement element)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            result[property.Name] = ToValue(property.Value);
        }

        return result;
    }

    private static object? ToValue(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => ToModel(element),
        JsonValueKind.Array => element.EnumerateArray().Select(ToValue).ToList(),
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number => element.TryGetInt64(out var integer) ? integer
            : element.TryGetDecimal(out var number) ? number
            : element.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };

    [GeneratedRegex(@"Occured at: (\d+):(\d+)", RegexOptions.CultureInvariant)]
    private static partial Regex Location();

    [GeneratedRegex(@"\{\{~?\s*([#^/])\s*\*?\s*([^\s}~]+)", RegexOptions.CultureInvariant)]
    private static partial Regex Block();

    private sealed record CompiledTemplate(
        HandlebarsTemplate<TextWriter, object, object> Subject,
        HandlebarsTemplate<TextWriter, object, object>? Html,
        HandlebarsTemplate<TextWriter, object, object>? Text);

    /// <summary>Writing a value the data lacks (Handlebars.Net's undefined binding) fails instead of printing nothing.</summary>
    private sealed class MissingVariableFormatter : IFormatterProvider, IFormatter
    {
        public bool TryCreateFormatter(Type type, out IFormatter formatter)
        {
            formatter = this;
            return type == typeof(UndefinedBindingResult);
        }

        public void Format<T>(T value, in EncodedTextWriter writer) =>
            throw new MissingVariableException((value as UndefinedBindingResult)?.Value ?? "?");
    }

    private sealed class MissingVariableException(string variable) : Exception(variable)
    {
        public string Variable { get; } = variable;
    }

    private sealed class RenderBudgetExceededException : Exception;

    private sealed class RenderBudget(int limit)
    {
        public int Limit { get; } = limit;

        public int Used { get; private set; }

        public void Take(int count)
        {
            Used += count;
            if (Used > Limit)
            {
                throw new RenderBudgetExceededException();
            }
        }
    }

    private sealed class BoundedStringWriter(RenderBudget budget) : StringWriter(CultureInfo.InvariantCulture)
    {
        public override void Write(char value)
        {
            budget.Take(1);
            base.Write(value);
        }

        public override void Write(char[] buffer, int index, int count)
        {
            budget.Take(count);
            base.Write(buffer, index, count);
        }

        public override void Write(ReadOnlySpan<char> buffer)
        {
            budget.Take(buffer.Length);
            base.Write(buffer);
        }

        public override void Write(string? value)
        {
            budget.Take(value?.Length ?? 0);
            base.Write(value);
        }
    }

    /// <summary>Least recently used first out; compiling happens outside the lock (a race compiles twice, harmlessly).</summary>
    private sealed class CompiledTemplateCache(int capacity)
    {
        private readonly Lock _gate = new();
        private readonly Dictionary<Key, LinkedListNode<(Key Key, CompiledTemplate Value)>> _entries = [];
        private readonly LinkedList<(Key Key, CompiledTemplate Value)> _order = new();

        public CompiledTemplate GetOrAdd(Key key, Func<CompiledTemplate> compile)
        {
            lock (_gate)
            {
                if (_entries.TryGetValue(key, out var node))
                {
                    _order.Remove(node);
                    _order.AddFirst(node);
                    return node.Value.Value;
                }
            }

            var compiled = compile();
            lock (_gate)
            {
                if (!_entries.ContainsKey(key))
                {
                    _entries[key] = _order.AddFirst((key, compiled));
                    while (_entries.Count > capacity)
                    {
                        _entries.Remove(_order.Last!.Value.Key);
                        _order.RemoveLast();
                    }
                }
            }

            return compiled;
        }

        // The time the version was written is part of the key: a deleted and re-created template reuses version numbers.
        public readonly record struct Key(string TenantId, string Name, int Version, DateTimeOffset WrittenAt);
    }
}
