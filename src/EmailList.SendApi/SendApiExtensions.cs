using EmailList.SendApi.Infrastructure;
using EmailList.SendApi.Mail;

namespace EmailList.SendApi;

public static class SendApiExtensions
{
    public static WebApplicationBuilder AddSendApi(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddEmailListAuthentication();
        builder.AddEmailListInfrastructure();
        builder.DescribeApi("EmailList send API", "Sends mail through the tenant's own Amazon SES account, after its suppression list.");
        builder.Services.AddOptions<MailOptions>().BindConfiguration(MailOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();

        // Each endpoint sets its own, smaller body limit; this is only the ceiling.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = 41 * 1024 * 1024);
        return builder;
    }

    public static WebApplication MapSendApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapMailEndpoints();
        return app;
    }
}
