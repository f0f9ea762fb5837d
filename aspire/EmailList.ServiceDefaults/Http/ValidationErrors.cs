using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EmailList.ServiceDefaults.Http;

/// <summary>
/// The one collector of what is wrong with a request, field by field, for one ValidationProblem answer. Nothing is
/// allocated for a valid request beyond this object, so the send path can use it on every call.
/// </summary>
public sealed class ValidationErrors
{
    private Dictionary<string, List<string>>? _byField;

    public bool Any => _byField is { Count: > 0 };

    public void Add(string field, string error)
    {
        _byField ??= new Dictionary<string, List<string>>(StringComparer.Ordinal);
        if (!_byField.TryGetValue(field, out var list))
        {
            _byField[field] = list = [];
        }

        list.Add(error);
    }

    public bool Has(string field) => _byField?.ContainsKey(field) == true;

    public Dictionary<string, string[]> ToDictionary() => _byField is null
        ? new Dictionary<string, string[]>(StringComparer.Ordinal)
        : _byField.ToDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.Ordinal);

    /// <summary>The 400 answer listing every error, under a title that says what was being validated.</summary>
    public ValidationProblem ToProblem(string title) => TypedResults.ValidationProblem(ToDictionary(), title: title);

    /// <summary>A 400 answer for one field.</summary>
    public static ValidationProblem Problem(string field, string error, string title)
    {
        var errors = new ValidationErrors();
        errors.Add(field, error);
        return errors.ToProblem(title);
    }
}
