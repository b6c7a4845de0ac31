using System.Net;
using System.Net.Http.Json;
using EventDashboard.Benchmarks.EndToEnd;
using EventDashboard.Client;
using EventDashboard.Core;
using EventDashboard.Tests.Unit.TestSupport;
using EventDashboard.Tests.Unit.TestSupport.Etcd;
using Microsoft.Extensions.Logging;

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

    [Theory]
    [InlineData(ClientTransport.WebSockets, ClientProtocol.Json)]
    [InlineData(ClientTransport.WebSockets, ClientProtocol.MessagePack)]
    [InlineData(ClientTransport.BlockingQueries, ClientProtocol.Json)]
    public async Task Watch_NodeLosesEtcd_MovesToAReadyNodeAndSeesLaterSets(ClientTransport transport, ClientProtocol protocol)
    {
        // A reaches etcd through member 1 only, B through members 2 and 3: with member 1 killed, A is up but cut off
        // (stale), while B keeps a quorum of 2 out of 3.
        await using var cluster = await EtcdCluster.StartAsync(3);
        var prefix = EtcdFixture.NewPrefix();
        await using var a = LoopbackServer.StartEtcd(Endpoints(cluster, 0), prefix);
        await using var b = LoopbackServer.StartEtcd(Endpoints(cluster, 1, 2), prefix);

        // PollWait is left at its 30 s: a query held by A answers when A loses etcd, not when its wait ends.
        var logs = new RecordingLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(builder => builder.AddProvider(logs));
        var options = new EventDashboardClientOptions { Transport = transport, Protocol = protocol, LoggerFactory = loggerFactory, FailoverUrls = { b.BaseAddress } };
        await using var client = new EventDashboardClient(a.BaseAddress, options);
        using var watcher = client.Value<long>("n").Watch();
        await b.PutAsync("n", 1L);
        var seen = new List<long> { await watcher.GetAsync().Within() };
        Assert.Equal(a.BaseAddress, client.Servers.Current);

        await cluster.KillAsync(0);
        await PutAcceptedAsync(b, "n", 2);
        await ReadUntilAsync(watcher, seen, 2);

        // A Set that only B made, seen by a client that was on A: it moved, because A could not have shown it.
        Assert.NotNull(a.Registry.StaleReason);
        Assert.Equal([1L, 2L], seen);
        Assert.Equal(b.BaseAddress, client.Servers.Current);
        Assert.Contains(logs.Entries, e => e.EventId.Name == "LeftStaleNode");
        Assert.Equal(ConnectionState.Connected, client.CurrentState);
    }

    [Fact]
    public async Task Watch_NodeLosesEtcdAndNoOtherNodeIsReady_StaysOnItsCopy()
    {
        // The other node is down (nothing listens there), so none is ready when A loses its etcd.
        await using var cluster = await EtcdCluster.StartAsync();
        await using var a = Start(cluster, EtcdFixture.NewPrefix());
        var down = new Uri($"http://127.0.0.1:{LoopbackPort.Free()}/");
        var logs = new RecordingLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(builder => builder.AddProvider(logs));
        var options = new EventDashboardClientOptions { Transport = ClientTransport.WebSockets, LoggerFactory = loggerFactory, FailoverUrls = { down } };
        await using var client = new EventDashboardClient(a.BaseAddress, options);
        using var watcher = client.Value<long>("n").Watch();
        await a.PutAsync("n", 1L);
        Assert.Equal(1, await watcher.GetAsync().Within());

        await cluster.KillAsync(0);

        // The client looked for a ready node and found none; it is still on A, and its watchers still read A's copy.
        await TestTimeouts.UntilAsync(() => logs.Entries.Any(e => e.EventId.Name == "NoReadyNode"));
        Assert.Equal(a.BaseAddress, client.Servers.Current);
        Assert.Equal(ConnectionState.Connected, client.CurrentState);
        using var another = client.Value<long>("n").Watch();
        Assert.Equal(1, await another.GetAsync().Within());
        Assert.DoesNotContain(logs.Entries, e => e.EventId.Name == "LeftStaleNode");
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

    // A Set on a node, sent again while it answers 503: with a member killed, etcd may be electing a leader, and the
    // node refuses writes until it has one. Paced, as etcd raises no event a test could await for the election.
    private static async Task PutAcceptedAsync(LoopbackServer node, string name, long value)
    {
        using var http = new HttpClient { BaseAddress = node.BaseAddress };
        using var deadline = new CancellationTokenSource(TestTimeouts.Safety);
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(50));
        while (true)
        {
            using var response = await http.PutAsJsonAsync($"api/values/{name}", value, deadline.Token);
            if (response.IsSuccessStatusCode)
            {
                return;
            }

            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            await timer.WaitForNextTickAsync(deadline.Token);
        }
    }

    private static string Endpoints(EtcdCluster cluster, params int[] members) =>
        string.Join(',', members.Select(m => cluster.Members[m].ClientUrl.ToString().TrimEnd('/')));

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

    private static LoopbackServer Start(EtcdCluster cluster, string prefix) => LoopbackServer.StartEtcd(cluster.Endpoints, prefix);
}
