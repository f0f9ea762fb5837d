using Microsoft.Extensions.Logging;

namespace EmailList.SendApi.Templates;

internal static partial class TemplateLog
{
    [LoggerMessage(EventId = 6001, Level = LogLevel.Information, Message = "Imported {Imported} SES templates for tenant {TenantId}; skipped {Skipped}")]
    public static partial void Imported(ILogger logger, string tenantId, int imported, int skipped);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Debug, Message = "Template {Name} of tenant {TenantId} could not be rendered: {Failure} in the {Part}")]
    public static partial void RenderFailed(ILogger logger, string tenantId, string name, Core.Templates.TemplateRenderFailure failure, string part);
}
