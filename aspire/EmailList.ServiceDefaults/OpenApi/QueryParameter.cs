namespace EmailList.ServiceDefaults.OpenApi;

/// <summary>
/// A query parameter an endpoint reads itself (to refuse unknown and repeated parameters with a useful message),
/// described for the OpenAPI document since no handler parameter binds it.
/// </summary>
public sealed record QueryParameter(string Name, string Description);
