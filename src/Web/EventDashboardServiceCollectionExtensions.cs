using EventDashboard.Core.Etcd;
using EventDashboard.Protocol;
using EventDashboard.Web.Api.Internal;
using EventDashboard.Web.Auth.Internal;
using EventDashboard.Web.Demo;
using EventDashboard.Web.Hubs;
using EventDashboard.Web.Hubs.Internal;
using EventDashboard.Web.Operations;
using EventDashboard.Web.Storage;
using EventDashboard.Web.Storage.Internal;
using EventDashboard.Web.Values;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace EventDashboard.Web;

/// <summary>Registers the EventDashboard host's services.</summary>
public static class EventDashboardServiceCollectionExtensions
{
    // Room for the hub message around a value: the invocation envelope, the name and the expected version.
    private const int HubMessageOverheadBytes = 4096;

    /// <summary>
    /// Adds the store and the value registry, the values hub, ProblemDetails, OpenAPI, health checks, metrics (and
    /// their exporters, <see cref="MetricsOptions"/>) and the demo values, with <see cref="EventDashboardOptions"/>, <see cref="StorageOptions"/> and <see cref="DemoOptions"/>
    /// bound from <paramref name="configuration"/> and validated when the host starts.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The configuration holding the <c>EventDashboard</c> and <c>Demo</c> sections.</param>
    /// <returns>The services, for chaining.</returns>
    public static IServiceCollection AddEventDashboard(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<EventDashboardOptions>()
            .Bind(configuration.GetSection(EventDashboardOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<StorageOptions>()
            .Bind(configuration.GetSection(StorageOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        // A Set must fit one etcd request: etcd refuses larger ones, after the HTTP body was read and accepted.
        services.AddOptions<EventDashboardOptions>()
            .Validate<IOptions<StorageOptions>>(
                (options, storage) => storage.Value.Provider != StorageProvider.Etcd || options.MaxValueBytes <= EtcdValueStore.MaxValueBytes,
                $"EventDashboard:MaxValueBytes must be at most {EtcdValueStore.MaxValueBytes} with the Etcd provider: a Set is one etcd request, and etcd refuses requests above {EtcdValueStore.RequestLimitBytes} bytes.")
            .ValidateOnStart();
        services.AddOptions<DemoOptions>()
            .Bind(configuration.GetSection(DemoOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.AddAccessControl(configuration);
        services.AddEventDashboardMetrics(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(CreateStore);
        services.AddSingleton(provider => new ValueRegistry(
            provider.GetRequiredService<IOptions<EventDashboardOptions>>().Value,
            provider.GetRequiredService<IValueStore>(),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILogger<ValueRegistry>>(),
            provider.GetRequiredService<EventDashboardMetrics>()));
        services.AddSingleton<HubConnections>();

        // First of the hosted services: the store is open before the demo values or any request Set anything.
        services.AddHostedService<StoreStartup>();
        services.AddHostedService<StoredKeysStartup>();
        services.AddHostedService<DemoValues>();
        services.AddHostedService<StalePushes>();
        services.AddSingleton<StalledSends>();
        services.AddHostedService(provider => provider.GetRequiredService<StalledSends>());

        // JSON for browsers and most clients; MessagePack for clients that ask for it, with the wire types'
        // encoding shared with the .NET client (a value's JSON document travels as its JSON text).
        services.AddSignalR().AddMessagePackProtocol(messagePack => messagePack.SerializerOptions = MessagePackWire.SerializerOptions);
        services.AddSingleton<HubLifetimeManager<ValuesHub>, ValuesHubLifetimeManager>();

        // A HubException is a rejection the caller caused: logged at Debug, not at Error with a stack trace. A call
        // whose arguments do not bind is answered with one that says which argument and why.
        services.AddSingleton(provider => ActivatorUtilities.CreateInstance<HubConnectionHandler<ValuesHub>>(
            provider,
            new CallerErrorLoggerFactory(provider.GetRequiredService<ILoggerFactory>()),
            new ArgumentCheckingProtocolResolver(provider.GetRequiredService<IHubProtocolResolver>())));

        // The framework's 32 KB limit on incoming hub messages would refuse most values the API accepts. It is set
        // on the global options because the per-hub options are copied from them, overwriting a per-hub setting.
        // With stateful reconnect a connection keeps what it sent until the client acknowledges it, and a send waits
        // while more than StatefulReconnectBufferSize is unacknowledged; the client acknowledges only now and then.
        // Room for two of the largest pushes keeps that wait away from a client that reads at all.
        services.AddOptions<HubOptions>()
            .Configure<IOptions<EventDashboardOptions>>((hub, options) =>
            {
                hub.MaximumReceiveMessageSize = options.Value.MaxValueBytes + HubMessageOverheadBytes;
                hub.StatefulReconnectBufferSize = 2L * (options.Value.MaxValueBytes + HubMessageOverheadBytes);
            });

        services.AddProblemDetails(problems => problems.CustomizeProblemDetails = FrameworkProblems.AddDetail);
        services.AddExceptionHandler<BadRequestHandler>();
        services.AddOpenApi(openApi =>
        {
            openApi.AddOperationTransformer(JsonBodyTransformer.TransformAsync);

            // HEAD is GET without the body (docs/API.md): listing it would repeat every GET operation, and its
            // response schemas would promise a body that never comes.
            var include = openApi.ShouldInclude;
            openApi.ShouldInclude = description =>
                !HttpMethods.IsHead(description.HttpMethod ?? string.Empty) && include(description);
        });
        services.AddHealthChecks().AddCheck<StoreHealthCheck>(StoreHealthCheck.Name, tags: [EventDashboardApplicationExtensions.ReadyTag]);
        return services;
    }

    private static IValueStore CreateStore(IServiceProvider provider)
    {
        var storage = provider.GetRequiredService<IOptions<StorageOptions>>().Value;
        var historyLimit = provider.GetRequiredService<IOptions<EventDashboardOptions>>().Value.HistoryLimit;
        return storage.Provider switch
        {
            StorageProvider.Memory => new MemoryValueStore(historyLimit),
            StorageProvider.Etcd => new EtcdValueStore(
                new EtcdConnection(
                    string.Join(',', storage.Etcd.EndpointList()),
                    new EtcdConnectionOptions { RequestTimeout = storage.Etcd.RequestTimeout },
                    provider.GetRequiredService<ILoggerFactory>()),
                storage.Etcd.Prefix,
                historyLimit,
                provider.GetRequiredService<ILogger<EtcdValueStore>>()),
            _ => new SqliteValueStore(storage.Path, historyLimit, provider.GetRequiredService<ILogger<SqliteValueStore>>()),
        };
    }
}
