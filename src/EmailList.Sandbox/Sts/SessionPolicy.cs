using System.Text.Json;
using EmailList.Sandbox.Auth;

namespace EmailList.Sandbox.Sts;

/// <summary>
/// The inline session policy of an AssumeRole call, evaluated for actions only (resources and conditions
/// are not emulated): an explicit Deny wins, otherwise some Allow statement must match.
/// </summary>
internal sealed class SessionPolicy
{
    private readonly List<Statement> _statements;

    private SessionPolicy(List<Statement> statements) => _statements = statements;

    public static bool TryParse(string json, out SessionPolicy? policy)
    {
        policy = null;
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("Statement", out var statementElement))
            {
                return false;
            }

            var statements = new List<Statement>();
            var elements = statementElement.ValueKind == JsonValueKind.Array ? statementElement.EnumerateArray().ToList() : [statementElement];
            foreach (var element in elements)
            {
                if (element.ValueKind != JsonValueKind.Object
                    || !element.TryGetProperty("Effect", out var effect)
                    || effect.GetString() is not ("Allow" or "Deny"))
                {
                    return false;
                }

                var negated = !element.TryGetProperty("Action", out var actions);
                if (negated && !element.TryGetProperty("NotAction", out actions))
                {
                    return false;
                }

                var patterns = actions.ValueKind == JsonValueKind.Array
                    ? actions.EnumerateArray().Select(a => a.GetString() ?? string.Empty).ToList()
                    : [actions.GetString() ?? string.Empty];
                statements.Add(new Statement(effect.GetString() == "Allow", negated, patterns));
            }

            policy = new SessionPolicy(statements);
            return true;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            return false;
        }
    }

    /// <param name="action">An IAM action such as <c>ses:SendEmail</c>.</param>
    public bool Allows(string action)
    {
        var matching = _statements.Where(s => s.Matches(action)).ToList();
        return matching.Any(s => s.Allow) && !matching.Any(s => !s.Allow);
    }

    private sealed record Statement(bool Allow, bool Negated, List<string> Patterns)
    {
        public bool Matches(string action) => Patterns.Any(p => ActionGlob.Matches(p, action)) != Negated;
    }
}
