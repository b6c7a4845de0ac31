using OpenTelemetry.Metrics;

namespace EventDashboard.Web.Operations;

/// <summary>Registers <see cref="EventDashboardMetrics"/> and, when an exporter is on, OpenTelemetry metrics.</summary>
internal static class MetricsServiceCollectionExtensions
{
    public static IServiceCollection AddEventDashboardMetrics(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddMetrics();
        services.AddSingleton<EventDashboardMetrics>();
        services.AddSingleton<ServerStats>();
        services.AddHostedService(provider => provider.GetRequiredService<ServerStats>());

        // Read now, not through IOptions: which exporters exist decides which services are registered.
        var options = new MetricsOptions();
        configuration.GetSection(MetricsOptions.SectionName).Bind(options);
        services.AddSingleton(options);
        if (!options.Prometheus && options.Otlp.Endpoint is null)
        {
            return services;
        }

        services.AddOpenTelemetry().WithMetrics(metrics =>
        {
            metrics.AddMeter(EventDashboardMetrics.MeterName).AddAspNetCoreInstrumentation();
            if (options.Prometheus)
            {
                metrics.AddPrometheusExporter();
            }

            if (options.Otlp.Endpoint is { } endpoint)
            {
                metrics.AddOtlpExporter(otlp => otlp.Endpoint = endpoint);
            }
        });
        return services;
    }

    /// <summary>Maps <see cref="MetricsOptions.PrometheusPath"/> when the Prometheus exporter is on.</summary>
    public static IEndpointRouteBuilder MapEventDashboardMetrics(this IEndpointRouteBuilder endpoints)
    {
        if (endpoints.ServiceProvider.GetRequiredService<MetricsOptions>().Prometheus)
        {
            endpoints.MapPrometheusScrapingEndpoint(MetricsOptions.PrometheusPath);
        }

        return endpoints;
    }
}
