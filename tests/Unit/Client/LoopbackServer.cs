using System.Net;
using System.Net.Http.Json;
using EventDashboard.Client;
using EventDashboard.Protocol;
using EventDashboard.Web.Values;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace EventDashboard.Tests.Unit.Client;

/// <summary>
/// The real EventDashboard server (the Web app's Program) on Kestrel on a loopback port, with the demo values
/// off, on the in-memory store or on SQLite in a given data folder. It can be stopped and started again on the same
/// port, like a server restart.
/// </summary>
internal sealed class LoopbackServer : IAsyncDisposable
{
    private readonly Dictionary<string, string?> _settings;
    private WebApplicationFactory<Program>? _factory;

    private LoopbackServer(Dictionary<string, string?> settings)
    {
        _settings = settings;
    }

    public Uri BaseAddress { get; private set; } = null!;

    public int Port => BaseAddress.Port;

    public IServiceProvider Services => (_factory ?? throw new InvalidOperationException("The server is stopped.")).Services;

    public ValueRegistry Registry => Services.GetRequiredService<ValueRegistry>();

    /// <summary>Gets every request the server received since it (re)started.</summary>
    public IReadOnlyList<RecordedRequest> Requests => Services.GetRequiredService<RequestRecorder>().Requests;

    /// <summary>Starts a server on a free loopback port.</summary>
    /// <param name="settings">Configuration overrides, for example <c>EventDashboard:SendTimeout</c>.</param>
    public static LoopbackServer Start(params (string Key, string Value)[] settings)
    {
        var server = new LoopbackServer(settings.ToDictionary(s => s.Key, s => (string?)s.Value));
        server.StartOn(0);
        return server;
    }

    /// <summary>Starts a server on a free loopback port that keeps its values with SQLite in <paramref name="dataFolder"/>.</summary>
    /// <param name="dataFolder">The data folder; a restart on the same folder keeps the store, with its id and versions.</param>
    /// <param name="settings">Further configuration overrides.</param>
    public static LoopbackServer StartSqlite(string dataFolder, params (string Key, string Value)[] settings) =>
        Start([("EventDashboard:Storage:Provider", "Sqlite"), ("EventDashboard:Storage:Path", dataFolder), .. settings]);

    /// <summary>Starts a server on a free loopback port that keeps its values in etcd, as a node of a cluster.</summary>
    /// <param name="endpoints">The etcd client URLs the node may use, comma-separated.</param>
    /// <param name="prefix">The key prefix; nodes with the same one share their values.</param>
    /// <param name="settings">Further configuration overrides.</param>
    public static LoopbackServer StartEtcd(string endpoints, string prefix, params (string Key, string Value)[] settings) =>
        Start([("EventDashboard:Storage:Provider", "Etcd"), ("EventDashboard:Storage:Etcd:Endpoints", endpoints), ("EventDashboard:Storage:Etcd:Prefix", prefix), .. settings]);

    /// <summary>Stops the server; on the in-memory store its state (every value and version) is gone.</summary>
    public async Task StopAsync()
    {
        if (_factory is { } factory)
        {
            _factory = null;
            await factory.DisposeAsync();
        }
    }

    /// <summary>Starts the server again on the same port: a fresh store in memory, or the same data folder.</summary>
    public void Restart() => StartOn(Port);

    /// <summary>Sets a value over the HTTP API, as another program would.</summary>
    public async Task<ValueSnapshot> PutAsync<T>(string name, T value)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress };
        using var response = await http.PutAsJsonAsync($"api/values/{name}", value);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<ValueSnapshot>())!;
    }

    /// <summary>Deletes a value over the HTTP API, as another program would.</summary>
    public async Task<ValueDeletion> DeleteAsync(string name)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress };
        using var response = await http.DeleteAsync($"api/values/{name}");
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<ValueDeletion>())!;
    }

    /// <summary>A client of this server over <paramref name="transport"/>; the caller disposes it.</summary>
    public EventDashboardClient NewClient(ClientTransport transport = ClientTransport.WebSockets, ClientProtocol protocol = ClientProtocol.Json) =>
        new(BaseAddress, new EventDashboardClientOptions { Transport = transport, Protocol = protocol });

    public async ValueTask DisposeAsync() => await StopAsync();

    private void StartOn(int port)
    {
        var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseSetting("Demo:Enabled", "false");
            builder.UseSetting("EventDashboard:Storage:Provider", "Memory");

            // A client that reconnects at once can slip a new connection in while the host stops (SignalR
            // closes its connections before Kestrel stops listening); the host would wait its default 30 s
            // for that one before aborting it.
            builder.ConfigureServices(services =>
            {
                services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(1));
                services.AddSingleton<RequestRecorder>();
                services.AddSingleton<IStartupFilter>(provider => provider.GetRequiredService<RequestRecorder>());
            });

            // After the defaults above, which they override (StartSqlite chooses another provider this way).
            foreach (var (key, value) in _settings)
            {
                builder.UseSetting(key, value);
            }
        });
        factory.UseKestrel(options => options.Listen(IPAddress.Loopback, port));
        factory.StartServer();
        var address = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

        BaseAddress = new Uri(address + "/");
        _factory = factory;
    }
}
