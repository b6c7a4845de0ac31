using EventDashboard.Benchmarks.EndToEnd;
using EventDashboard.Client;
using EventDashboard.Core;
using EventDashboard.Tests.Unit.TestSupport;
using EventDashboard.Tests.Unit.TestSupport.Etcd;

namespace EventDashboard.Tests.Unit.Client;

/// <summary>A client with <see cref="EventDashboardClientOptions.FailoverUrls"/> on two real nodes of one etcd: its node is stopped, it goes on with the other.</summary>
public sealed class EventDashboardClientFailoverTests
{
    [Theory]
    [InlineData(ClientProtocol.Json)]
    [InlineData(ClientProtocol.MessagePack)]
    public async Task Watch_NodeStopped_ReconnectsToTheOtherNodeAndResumes(ClientProtocol protocol)
    {
        await using var cluster = await EtcdCluster.StartAsync();
        var prefix = EtcdFixture.NewPrefix();
        await using var a = Start(cluster, prefix);
        await using var b = Start(cluster, prefix);
        var options = new EventDashboardClientOptions { Transport = ClientTransport.WebSockets, Protocol = protocol, FailoverUrls = { b.BaseAddress } };
        await using var client = new EventDashboardClient(a.BaseAddress, options);
        using var watcher = client.Value<int>("n").Watch();
        await a.PutAsync("n", 1);
        var seen = new List<int> { await watcher.GetAsync().Within() };

        await a.StopAsync();
        await b.PutAsync("n", 2);
        while (seen[^1] < 2)
        {
            seen.Add(await watcher.GetAsync().Within());
        }

        var version = await client.SetAsync("n", 3).Within();
        while (seen[^1] < 3)
        {
            seen.Add(await watcher.GetAsync().Within());
        }

        Assert.Equal([1, 2, 3], seen);
        Assert.Equal(3, version);
        Assert.Equal(3, b.Registry.Get("n")!.Value.GetInt32());
        Assert.Equal(ConnectionState.Connected, client.CurrentState);
    }

    [Theory]
    [InlineData(ClientTransport.WebSockets)]
    [InlineData(ClientTransport.LongPolling)]
    [InlineData(ClientTransport.BlockingQueries)]
    public async Task Watch_NodeProcessKilled_ResumesOnTheOtherNodeWithoutGoingBack(ClientTransport transport)
    {
        await using var cluster = await EtcdCluster.StartAsync();
        var prefix = EtcdFixture.NewPrefix();
        await using var a = await StartProcessAsync(cluster, prefix);
        await using var b = Start(cluster, prefix);
        await using var client = new EventDashboardClient(a.BaseAddress, new EventDashboardClientOptions { Transport = transport, FailoverUrls = { b.BaseAddress } });
        using var watcher = client.Value<long>("n").Watch();

        // The writer is on B, so it goes on through the kill; A follows it through etcd until it dies.
        await using var writer = SteadyWriter.Start(b.BaseAddress, "n");
        var seen = new List<long> { await watcher.GetAsync().Within() };
        Assert.Equal(a.BaseAddress, client.Servers.Current);

        await a.KillAsync();
        var setBeforeKill = writer.Last;
        await ReadUntilAsync(watcher, seen, setBeforeKill + 1);
        var final = await writer.StopAsync().Within();
        await ReadUntilAsync(watcher, seen, final);

        // Each Get returns a newer version (Core's guarantee); across the failover too, values only grow.
        Assert.True(seen.Zip(seen.Skip(1)).All(p => p.First < p.Second), "Went back: " + string.Join(", ", seen));
        Assert.Equal(final, seen[^1]);
        Assert.True(seen[^1] > setBeforeKill, "A value set after the kill could only come from node B.");
        Assert.Equal(b.BaseAddress, client.Servers.Current);
        Assert.Equal(ConnectionState.Connected, client.CurrentState);
    }

    [Fact]
    public async Task WatchPrefixAsync_NodeStopped_ResumesOnTheOtherNode()
    {
        await using var cluster = await EtcdCluster.StartAsync();
        var prefix = EtcdFixture.NewPrefix();
        await using var a = Start(cluster, prefix);
        await using var b = Start(cluster, prefix);
        await using var client = new EventDashboardClient(a.BaseAddress, new EventDashboardClientOptions { FailoverUrls = { b.BaseAddress } });
        await a.PutAsync("p.x", 1);
        await using var changes = client.WatchPrefixAsync("p.").GetAsyncEnumerator();
        Assert.True(await changes.MoveNextAsync().AsTask().Within());
        var first = changes.Current;

        await a.StopAsync();
        await b.PutAsync("p.x", 2);
        Assert.True(await changes.MoveNextAsync().AsTask().Within());

        Assert.Equal(1, first.Snapshot!.Value.GetInt32());
        Assert.Equal(2, changes.Current.Snapshot!.Value.GetInt32());
    }

    [Fact]
    public void Constructor_FailoverUrlNotHttp_ThrowsNamingIt()
    {
        var options = new EventDashboardClientOptions { FailoverUrls = { new Uri("ftp://other/") } };

        var ex = Assert.Throws<ArgumentException>(() => new EventDashboardClient(new Uri("http://127.0.0.1:1/"), options));

        Assert.Contains(nameof(EventDashboardClientOptions.FailoverUrls), ex.Message, StringComparison.Ordinal);
    }

    // Reads until the watcher returns at least target; each value read is kept.
    private static async Task ReadUntilAsync(IWatcher<long> watcher, List<long> seen, long target)
    {
        while (seen[^1] < target)
        {
            seen.Add(await watcher.GetAsync().Within());
        }
    }

    // A node as its own process (the built Web app), so that it can be killed as a crash kills it.
    private static Task<ServerProcess> StartProcessAsync(EtcdCluster cluster, string prefix) => ServerProcess.StartAsync(
        ServerProcess.WebDll(),
        ["--Demo:Enabled=false", "--EventDashboard:Storage:Provider=Etcd", $"--EventDashboard:Storage:Etcd:Endpoints={cluster.Endpoints}", $"--EventDashboard:Storage:Etcd:Prefix={prefix}"],
        new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Production", ["Logging__LogLevel__Default"] = "Warning" });

    private static LoopbackServer Start(EtcdCluster cluster, string prefix) => LoopbackServer.Start(
        ("EventDashboard:Storage:Provider", "Etcd"),
        ("EventDashboard:Storage:Etcd:Endpoints", cluster.Endpoints),
        ("EventDashboard:Storage:Etcd:Prefix", prefix));
}
