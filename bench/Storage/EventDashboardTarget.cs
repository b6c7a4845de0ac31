using System.Net.Http.Headers;
using EventDashboard.Benchmarks.EndToEnd;

namespace EventDashboard.Benchmarks.Storage;

/// <summary>An EventDashboard server with one storage provider; a Set is <c>PUT /api/values/{name}</c>.</summary>
internal sealed class EventDashboardTarget : SetTarget
{
    private readonly ServerProcess _server;

    // The etcd member of Provider=Etcd, which the target owns and whose CPU it counts with the server's.
    private readonly EtcdProcess? _etcd;

    private EventDashboardTarget(ServerProcess server, string name, EtcdProcess? etcd = null)
    {
        _server = server;
        Name = name;
        _etcd = etcd;
    }

    public override string Name { get; }

    public override Uri BaseAddress => _server.BaseAddress;

    /// <summary>Starts a server with <c>Storage:Provider=<paramref name="provider"/></c>, its data in <paramref name="dataFolder"/> if given.</summary>
    public static async Task<EventDashboardTarget> StartAsync(string provider, string? dataFolder)
    {
        var server = await ServerProcess.StartAsync(ServerProcess.WebDll(), ServerSettings.Arguments(provider, dataFolder), ServerSettings.Environment);
        return new EventDashboardTarget(server, $"EventDashboard, Provider={provider}");
    }

    /// <summary>
    /// Starts one etcd member (data in <paramref name="etcdFolder"/>, which etcd creates) and a server with
    /// <c>Storage:Provider=Etcd</c> on it.
    /// </summary>
    public static async Task<EventDashboardTarget> StartOnEtcdAsync(string etcdFolder)
    {
        var etcd = await EtcdProcess.StartAsync(etcdFolder);
        try
        {
            var endpoint = "--EventDashboard:Storage:Etcd:Endpoints=" + etcd.ClientAddress.ToString().TrimEnd('/');
            var server = await ServerProcess.StartAsync(ServerProcess.WebDll(), ServerSettings.Arguments("Etcd", null, endpoint), ServerSettings.Environment);
            return new EventDashboardTarget(server, "EventDashboard, Provider=Etcd (1 etcd member)", etcd);
        }
        catch
        {
            await etcd.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Starts a server with <c>Storage:Provider=Etcd</c> on the members <paramref name="endpoints"/>, which it does
    /// not own: several nodes share them.
    /// </summary>
    public static async Task<EventDashboardTarget> StartOnEtcdAsync(string name, IEnumerable<EtcdProcess> endpoints)
    {
        var endpoint = "--EventDashboard:Storage:Etcd:Endpoints=" + string.Join(',', endpoints.Select(e => e.ClientAddress.ToString().TrimEnd('/')));
        var server = await ServerProcess.StartAsync(ServerProcess.WebDll(), ServerSettings.Arguments("Etcd", null, endpoint), ServerSettings.Environment);
        return new EventDashboardTarget(server, name);
    }

    public override HttpRequestMessage NewSet(int setter, long n) => NewSet("", setter, n);

    /// <summary>A Set of value <paramref name="n"/> to setter <paramref name="setter"/>'s name with <paramref name="prefix"/> in front.</summary>
    public HttpRequestMessage NewSet(string prefix, int setter, long n)
    {
        var body = new ByteArrayContent(SetPayload.Create(n));
        body.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return new HttpRequestMessage(HttpMethod.Put, "api/values/" + ValueName(prefix, setter)) { Content = body };
    }

    /// <summary>The name setter <paramref name="setter"/> writes, with <paramref name="prefix"/> in front.</summary>
    public string ValueName(string prefix, int setter) => prefix + SetPayload.Name(setter);

    /// <summary>Kills the server with SIGKILL, as a crash would, and waits until it is gone.</summary>
    /// <returns>A task that completes when the process has exited.</returns>
    public Task KillAsync() => _server.KillAsync();

    public override TimeSpan CpuTime() => _server.CpuTime() + (_etcd?.CpuTime() ?? TimeSpan.Zero);

    public override async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        if (_etcd is not null)
        {
            await _etcd.DisposeAsync();
        }
    }
}
