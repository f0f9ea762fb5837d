using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EmailList.Sandbox.Auth;

/// <summary>Reads the body, checks the request's SigV4 signature and either refuses it in the service's own error format or lets it through.</summary>
internal sealed class SigV4Filter(Func<HttpContext, SigV4Protocol> protocolOf) : IEndpointFilter
{
    public SigV4Filter(string service, string expiredTokenCode, Func<AwsError, IResult> render)
        : this(_ => new SigV4Protocol(service, expiredTokenCode, render))
    {
    }

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var http = context.HttpContext;
        using var buffer = new MemoryStream();
        await http.Request.Body.CopyToAsync(buffer, http.RequestAborted);
        var body = buffer.ToArray();

        var protocol = protocolOf(http);
        var verifier = http.RequestServices.GetRequiredService<SigV4Verifier>();
        var failure = verifier.Verify(http.Request, body, protocol.Service, protocol.ExpiredTokenCode, out var caller);
        if (failure is not null || caller is null)
        {
            failure ??= AwsError.InvalidToken();
            var logger = http.RequestServices.GetRequiredService<ILogger<SigV4Filter>>();
            SandboxLog.AuthRefused(logger, protocol.Service, failure.Code, http.Request.Method, http.Request.Path.Value ?? "/");
            return protocol.Render(failure);
        }

        new VerifiedRequest(caller, body).Attach(http);
        return await next(context);
    }
}
