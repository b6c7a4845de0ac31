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

    public override HttpRequestMessage NewSet(int setter, long n)
    {
        var body = new ByteArrayContent(SetPayload.Create(n));
        body.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return new HttpRequestMessage(HttpMethod.Put, "api/values/" + SetPayload.Name(setter)) { Content = body };
    }

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
