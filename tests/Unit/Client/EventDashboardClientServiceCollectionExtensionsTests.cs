using EventDashboard.Client;
using EventDashboard.Core;
using EventDashboard.Tests.Unit.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace EventDashboard.Tests.Unit.Client;

/// <summary>The client from dependency injection: bound options, validation at start, the container's logging and a health check.</summary>
public sealed class EventDashboardClientServiceCollectionExtensionsTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task AddEventDashboardClient_ConfigurationSection_ClientWatchesTheConfiguredServer()
    {
        var name = ServerFixture.NewName();
        await fixture.Server.PutAsync(name, 42);
        using var host = Build(services => services.AddEventDashboardClient(Configuration(
            ("EventDashboard:Client:ServerUrl", fixture.Server.BaseAddress.ToString()),
            ("EventDashboard:Client:Transport", "WebSockets, LongPolling"),
            ("EventDashboard:Client:Protocol", "MessagePack"),
            ("EventDashboard:Client:AccessKey", "key-1"),
            ("EventDashboard:Client:FailoverUrls:0", "http://127.0.0.1:1/"))));
        await host.StartAsync().Within();

        var options = host.Services.GetRequiredService<IOptions<EventDashboardClientOptions>>().Value;
        Assert.Equal(ClientTransport.WebSockets | ClientTransport.LongPolling, options.Transport);
        Assert.Equal(ClientProtocol.MessagePack, options.Protocol);
        Assert.Equal("key-1", options.AccessKey);
        Assert.Equal([new Uri("http://127.0.0.1:1/")], options.FailoverUrls);
        Assert.NotNull(options.LoggerFactory);
        var client = host.Services.GetRequiredService<EventDashboardClient>();
        Assert.Same(client, host.Services.GetRequiredService<EventDashboardClient>());
        using var watcher = client.Value<int>(name).Watch();
        Assert.Equal(42, await watcher.GetAsync().Within());
        await host.StopAsync().Within();
    }

    [Fact]
    public async Task Start_InvalidOptions_FailsNamingTheSectionAndEveryProblem()
    {
        using var host = Build(services => services.AddEventDashboardClient(Configuration(
            ("EventDashboard:Client:Transport", "ServerSentEvents"),
            ("EventDashboard:Client:Protocol", "MessagePack"))));

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync().Within());

        Assert.Contains(ex.Failures, f => f.StartsWith("EventDashboard:Client: ServerUrl is required", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.Contains("ServerSentEvents carries text only", StringComparison.Ordinal));
    }

    [Fact]
    public async Task HealthCheck_ConnectedThenServerGone_HealthyThenUnhealthySayingReconnecting()
    {
        await using var server = LoopbackServer.Start();
        using var host = Build(services => services.AddEventDashboardClient(options =>
        {
            options.ServerUrl = server.BaseAddress;
            options.MaxReconnectDelay = TimeSpan.FromMilliseconds(200);
        }));
        await host.StartAsync().Within();
        var client = host.Services.GetRequiredService<EventDashboardClient>();
        var health = host.Services.GetRequiredService<HealthCheckService>();
        using var state = client.Connection.Watch();
        await state.GetAsync(GetOptions<ConnectionState>.Where(s => s == ConnectionState.Connected)).Within();

        var healthy = (await health.CheckHealthAsync().Within()).Entries[EventDashboardClientServiceCollectionExtensions.HealthCheckName];
        Assert.Equal(HealthStatus.Healthy, healthy.Status);

        await server.StopAsync().Within();
        await state.GetAsync(GetOptions<ConnectionState>.Where(s => s == ConnectionState.Reconnecting)).Within();
        var lost = (await health.CheckHealthAsync().Within()).Entries[EventDashboardClientServiceCollectionExtensions.HealthCheckName];
        Assert.Equal(HealthStatus.Unhealthy, lost.Status);
        Assert.Contains("reconnecting", lost.Description, StringComparison.Ordinal);
        await host.StopAsync().Within();
    }

    [Fact]
    public void AddEventDashboardClient_Twice_OneClientAndOneHealthCheck()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddEventDashboardClient(o => o.ServerUrl = new Uri("http://127.0.0.1:1/"));
        services.AddEventDashboardClient(o => o.AccessKey = "k");

        Assert.Single(services, s => s.ServiceType == typeof(EventDashboardClient));
        using var provider = services.BuildServiceProvider();
        var checks = provider.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value.Registrations;
        Assert.Single(checks, c => c.Name == EventDashboardClientServiceCollectionExtensions.HealthCheckName);
        var options = provider.GetRequiredService<IOptions<EventDashboardClientOptions>>().Value;
        Assert.Equal(("k", new Uri("http://127.0.0.1:1/")), (options.AccessKey, options.ServerUrl));
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value))).Build();

    private static IHost Build(Action<IServiceCollection> configure)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddLogging();
        configure(builder.Services);
        return builder.Build();
    }
}
