namespace EmailList.Standalone;

public static class StandaloneExtensions
{
    public static WebApplicationBuilder AddStandalone(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<StandaloneOptions>().BindConfiguration(StandaloneOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddHttpClient();
        builder.Services.AddSingleton<DevTokenIssuer>();
        builder.Services.AddSingleton<EmbeddedOnboarding>();

        // Order matters: the sandbox must listen before the demo tenant is seeded through it.
        builder.Services.AddHostedService<IngesterHost>();
        builder.Services.AddHostedService<QueryApiHost>();
        builder.Services.AddHostedService<DispatcherHost>();
        builder.Services.AddHostedService<DashboardHost>();
        builder.Services.AddHostedService<SandboxHost>();
        builder.Services.AddHostedService<DemoTenantSeeder>();
        builder.Services.AddHostedService<SandboxTenantRestorer>();
        builder.Services.AddHostedService<StandaloneBanner>();
        return builder;
    }
}
