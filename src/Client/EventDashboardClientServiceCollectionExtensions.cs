using EventDashboard.Client.Internal;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EventDashboard.Client;

/// <summary>Registers an <see cref="EventDashboardClient"/> in a service collection, as one would an <c>HttpClient</c> or a <c>HubConnection</c>.</summary>
public static class EventDashboardClientServiceCollectionExtensions
{
    /// <summary>The name of the health check that reports the client's connection.</summary>
    public const string HealthCheckName = "eventdashboard-client";

    /// <summary>
    /// Adds a singleton <see cref="EventDashboardClient"/> with options set by <paramref name="configure"/>, and a
    /// health check named <see cref="HealthCheckName"/> that is healthy while the client is connected. The client
    /// logs through the container's <see cref="ILoggerFactory"/>; its options are validated when the host starts.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets the options; <see cref="EventDashboardClientOptions.ServerUrl"/> is required.</param>
    /// <returns>The services, for chaining.</returns>
    public static IServiceCollection AddEventDashboardClient(this IServiceCollection services, Action<EventDashboardClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        AddClient(services).Configure(configure);
        return services;
    }

    /// <summary>
    /// Adds a singleton <see cref="EventDashboardClient"/> with options bound from the section
    /// <c>EventDashboard:Client</c> of <paramref name="configuration"/> (<c>ServerUrl</c>, <c>AccessKey</c>,
    /// <c>Transport</c> and the rest of <see cref="EventDashboardClientOptions"/>), and its health check, as
    /// <see cref="AddEventDashboardClient(IServiceCollection, Action{EventDashboardClientOptions})"/> does.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The configuration holding the <c>EventDashboard:Client</c> section.</param>
    /// <returns>The services, for chaining.</returns>
    public static IServiceCollection AddEventDashboardClient(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        AddClient(services).Bind(configuration.GetSection(EventDashboardClientOptions.SectionName));
        return services;
    }

    private static OptionsBuilder<EventDashboardClientOptions> AddClient(IServiceCollection services)
    {
        var options = services.AddOptions<EventDashboardClientOptions>();
        if (services.Any(s => s.ServiceType == typeof(EventDashboardClient)))
        {
            // Called again: the options add up, and the client and its health check are registered once.
            return options;
        }

        // The container's logging, unless the caller chose a logger factory of its own.
        options.ValidateOnStart().PostConfigure<IServiceProvider>((value, provider) => value.LoggerFactory ??= provider.GetService<ILoggerFactory>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EventDashboardClientOptions>, EventDashboardClientOptionsValidator>());
        services.AddSingleton(provider =>
        {
            // Validated when the host starts: ServerUrl is set.
            var value = provider.GetRequiredService<IOptions<EventDashboardClientOptions>>().Value;
            return new EventDashboardClient(value.ServerUrl!, value);
        });
        services.AddHealthChecks().AddCheck<EventDashboardClientHealthCheck>(HealthCheckName);
        return options;
    }
}
