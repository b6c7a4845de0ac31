using EventDashboard.Client;
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

    private static LoopbackServer Start(EtcdCluster cluster, string prefix) => LoopbackServer.Start(
        ("EventDashboard:Storage:Provider", "Etcd"),
        ("EventDashboard:Storage:Etcd:Endpoints", cluster.Endpoints),
        ("EventDashboard:Storage:Etcd:Prefix", prefix));
}
