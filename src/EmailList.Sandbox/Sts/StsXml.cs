using System.Globalization;
using System.Xml.Linq;
using Microsoft.AspNetCore.Http;

namespace EmailList.Sandbox.Sts;

/// <summary>STS query-protocol answers: XML in the 2011-06-15 namespace.</summary>
internal static class StsXml
{
    public static readonly XNamespace Namespace = "https://sts.amazonaws.com/doc/2011-06-15/";

    public static IResult Error(int statusCode, string code, string message)
    {
        var requestId = Guid.NewGuid().ToString();
        var document = new XElement(Namespace + "ErrorResponse",
            new XElement(Namespace + "Error",
                new XElement(Namespace + "Type", statusCode >= 500 ? "Receiver" : "Sender"),
                new XElement(Namespace + "Code", code),
                new XElement(Namespace + "Message", message)),
            new XElement(Namespace + "RequestId", requestId));
        return new XmlResult(statusCode, document, requestId);
    }

    public static IResult Ok(XElement result, string action)
    {
        var requestId = Guid.NewGuid().ToString();
        var document = new XElement(Namespace + $"{action}Response",
            result,
            new XElement(Namespace + "ResponseMetadata", new XElement(Namespace + "RequestId", requestId)));
        return new XmlResult(StatusCodes.Status200OK, document, requestId);
    }

    public static string Timestamp(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private sealed class XmlResult(int statusCode, XElement document, string requestId) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = statusCode;
            httpContext.Response.ContentType = "text/xml";
            httpContext.Response.Headers["x-amzn-RequestId"] = requestId;
            return httpContext.Response.WriteAsync(document.ToString(SaveOptions.DisableFormatting), httpContext.RequestAborted);
        }
    }
}
