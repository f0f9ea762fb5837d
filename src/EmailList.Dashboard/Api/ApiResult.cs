namespace EmailList.Dashboard.Api;

/// <summary>What an API answered: a value, or the problem it reported.</summary>
public sealed class ApiResult<T>
{
    public ApiResult(T value)
    {
        Value = value;
    }

    public ApiResult(ApiProblem problem)
    {
        Problem = problem;
    }

    public T? Value { get; }

    public ApiProblem? Problem { get; }

    public bool Succeeded => Problem is null;
}
