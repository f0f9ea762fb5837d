using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EmailList.Sandbox.Auth;

/// <summary>Reads the body, checks the request's SigV4 signature and either refuses it in the service's own error format or lets it through.</summary>
internal sealed class SigV4Filter(string service, string expiredTokenCode, Func<AwsError, IResult> render) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var http = context.HttpContext;
        using var buffer = new MemoryStream();
        await http.Request.Body.CopyToAsync(buffer, http.RequestAborted);
        var body = buffer.ToArray();

        var verifier = http.RequestServices.GetRequiredService<SigV4Verifier>();
        var failure = verifier.Verify(http.Request, body, service, expiredTokenCode, out var caller);
        if (failure is not null || caller is null)
        {
            failure ??= AwsError.InvalidToken();
            var logger = http.RequestServices.GetRequiredService<ILogger<SigV4Filter>>();
            SandboxLog.AuthRefused(logger, service, failure.Code, http.Request.Method, http.Request.Path.Value ?? "/");
            return render(failure);
        }

        new VerifiedRequest(caller, body).Attach(http);
        return await next(context);
    }
}
