using System.Net.Http.Headers;
using EventDashboard.Benchmarks.EndToEnd;

namespace EventDashboard.Benchmarks.Storage;

/// <summary>An EventDashboard server with one storage provider; a Set is <c>PUT /api/values/{name}</c>.</summary>
internal sealed class EventDashboardTarget : SetTarget
{
    private readonly ServerProcess _server;

    private EventDashboardTarget(ServerProcess server, string name)
    {
        _server = server;
        Name = name;
    }

    public override string Name { get; }

    public override Uri BaseAddress => _server.BaseAddress;

    /// <summary>Starts a server with <c>Storage:Provider=<paramref name="provider"/></c>, its data in <paramref name="dataFolder"/> if given.</summary>
    public static async Task<EventDashboardTarget> StartAsync(string provider, string? dataFolder)
    {
        var server = await ServerProcess.StartAsync(ServerProcess.WebDll(), ServerSettings.Arguments(provider, dataFolder), ServerSettings.Environment);
        return new EventDashboardTarget(server, $"EventDashboard, Provider={provider}");
    }

    public override HttpRequestMessage NewSet(int setter, long n)
    {
        var body = new ByteArrayContent(SetPayload.Create(n));
        body.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return new HttpRequestMessage(HttpMethod.Put, "api/values/" + SetPayload.Name(setter)) { Content = body };
    }

    public override TimeSpan CpuTime() => _server.CpuTime();

    public override ValueTask DisposeAsync() => _server.DisposeAsync();
}
