namespace EmailList.ServiceDefaults.Http;

/// <summary>One step of a System.Text.Json path: a property name, or an array index.</summary>
public readonly record struct JsonPathSegment(string? Name, int Index)
{
    public bool IsProperty => Name is not null;
}
