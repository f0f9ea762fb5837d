namespace EmailList.ServiceDefaults.OpenApi;

/// <summary>Endpoint metadata listing the query parameters the handler reads from the request itself.</summary>
public sealed record QueryParameterMetadata(IReadOnlyList<QueryParameter> Parameters);
