using System.Net;
using System.Text;
using System.Text.Json;
using EventDashboard.Protocol;
using EventDashboard.Tests.Unit.Client;
using EventDashboard.Tests.Unit.TestSupport;
using EventDashboard.Tests.Unit.TestSupport.Etcd;
using EventDashboard.Web;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace EventDashboard.Tests.Unit.Web.Storage;

/// <summary>Two real servers on one etcd: what one is told, the other's clients see; a lost etcd shows as stale (HTTP header, hub answers).</summary>
public sealed class EtcdTwoServerTests
{
    [Fact]
    public async Task Put_OnServerA_ReachesHubClientAndEventStreamOnServerBInOrder()
    {
        await using var cluster = await EtcdCluster.StartAsync();
        var prefix = EtcdFixture.NewPrefix();
        await using var a = Start(cluster, prefix);
        await using var b = Start(cluster, prefix);
        await using var client = b.NewClient();
        using var watcher = client.Value<int>("n").Watch();
        using var http = new HttpClient { BaseAddress = b.BaseAddress };
        using var events = await http.GetAsync("api/values/n/events", HttpCompletionOption.ResponseHeadersRead);
        using var stream = new StreamReader(await events.Content.ReadAsStreamAsync());
        var hubValues = ReadUntilAsync(async () => await watcher.GetAsync(), 20);
        var streamVersions = ReadUntilAsync(async () => (int)(await NextEventDataAsync(stream)).GetProperty("version").GetInt64(), 20);

        for (var i = 1; i <= 20; i++)
        {
            await a.PutAsync("n", i);
        }

        AssertIncreasingTo(20, await hubValues.Within());
        AssertIncreasingTo(20, await streamVersions.Within());
        Assert.Equal(20, b.Registry.Get("n")!.Value.GetInt32());
    }

    [Fact]
    public async Task Put_EtcdDownThenBack_IsStaleAnd503ThenWritesAgain()
    {
        await using var cluster = await EtcdCluster.StartAsync();
        await using var server = Start(cluster, EtcdFixture.NewPrefix());
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        Assert.Equal(HttpStatusCode.Created, (await PutAsync(http, "1")).StatusCode);

        await cluster.KillAsync(0);
        await TestTimeouts.UntilAsync(() => server.Registry.StaleReason is not null);
        using var read = await http.GetAsync("api/values/a");
        using var write = await PutAsync(http, "2");
        using var notReady = await http.GetAsync("readyz");

        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal("true", read.Headers.GetValues(EventDashboardApplicationExtensions.StaleHeader).Single());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, write.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, notReady.StatusCode);
        Assert.Contains("cannot be reached", await notReady.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        await cluster.RestartAsync(0);
        await TestTimeouts.UntilAsync(() => server.Registry.StaleReason is null);
        using var again = await PutAsync(http, "3");
        using var ready = await http.GetAsync("readyz");

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.False(ready.Headers.Contains(EventDashboardApplicationExtensions.StaleHeader));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task HubAnswers_EtcdDownThenBack_MarkedStaleOnlyWhileDown(bool messagePack)
    {
        await using var cluster = await EtcdCluster.StartAsync();
        var prefix = EtcdFixture.NewPrefix();
        await using var a = Start(cluster, prefix);
        await using var b = Start(cluster, prefix);
        await a.PutAsync("s.a", 1);
        await TestTimeouts.UntilAsync(() => b.Registry.Get("s.a") is not null);
        await using var hub = await ConnectAsync(b, messagePack);
        var before = await hub.InvokeAsync<ValueSnapshot?>("Subscribe", "s.a").Within();
        var underPrefixBefore = await hub.InvokeAsync<IReadOnlyList<ValueSnapshot>>("SubscribePrefix", "s.").Within();
        var listedBefore = await hub.InvokeAsync<IReadOnlyList<ValueSnapshot>>("List").Within();

        await cluster.KillAsync(0);
        await TestTimeouts.UntilAsync(() => b.Registry.StaleReason is not null);
        var subscribed = await hub.InvokeAsync<ValueSnapshot?>("Subscribe", "s.a").Within();
        var underPrefix = await hub.InvokeAsync<IReadOnlyList<ValueSnapshot>>("SubscribePrefix", "s.").Within();
        var listed = await hub.InvokeAsync<IReadOnlyList<ValueSnapshot>>("List").Within();

        await cluster.RestartAsync(0);
        await TestTimeouts.UntilAsync(() => b.Registry.StaleReason is null);
        var after = await hub.InvokeAsync<ValueSnapshot?>("Subscribe", "s.a").Within();

        Assert.False(before!.Stale);
        Assert.False(Assert.Single(underPrefixBefore).Stale);
        Assert.False(Assert.Single(listedBefore).Stale);
        Assert.True(subscribed!.Stale);
        Assert.Equal(1, subscribed.Value.GetInt32());
        Assert.True(Assert.Single(underPrefix).Stale);
        Assert.True(Assert.Single(listed).Stale);
        Assert.False(after!.Stale);
    }

    [Fact]
    public async Task SubscribeJson_EtcdDown_AnswerHasStaleTrueAndOtherwiseNoStaleField()
    {
        await using var cluster = await EtcdCluster.StartAsync();
        await using var server = Start(cluster, EtcdFixture.NewPrefix());
        await server.PutAsync("s.a", 1);
        await using var hub = await ConnectAsync(server, messagePack: false);
        var fresh = await hub.InvokeAsync<JsonElement>("Subscribe", "s.a").Within();

        await cluster.KillAsync(0);
        await TestTimeouts.UntilAsync(() => server.Registry.StaleReason is not null);
        var stale = await hub.InvokeAsync<JsonElement>("Subscribe", "s.a").Within();

        Assert.False(fresh.TryGetProperty("stale", out _));
        Assert.True(stale.GetProperty("stale").GetBoolean());
    }

    private static async Task<HubConnection> ConnectAsync(LoopbackServer server, bool messagePack)
    {
        var builder = new HubConnectionBuilder().WithUrl(new Uri(server.BaseAddress, "hubs/values"));
        if (messagePack)
        {
            builder.AddMessagePackProtocol(o => o.SerializerOptions = MessagePackWire.SerializerOptions);
        }

        var hub = builder.Build();

        // Pushes are not what these tests look at, but MessagePack needs each push's types to read it at all.
        hub.On<ValueSnapshot>("ValueChanged", _ => { });
        hub.On<ValueDeletion>("ValueDeleted", _ => { });
        hub.On<WatchersChange>("WatchersChanged", _ => { });
        await hub.StartAsync().Within();
        return hub;
    }

    private static LoopbackServer Start(EtcdCluster cluster, string prefix) =>
        LoopbackServer.StartEtcd(cluster.Endpoints, prefix, ("EventDashboard:Storage:Etcd:RequestTimeout", "00:00:01"));

    private static Task<HttpResponseMessage> PutAsync(HttpClient http, string json) =>
        http.PutAsync("api/values/a", new StringContent(json, Encoding.UTF8, "application/json"));

    // Newest-only delivery may skip versions, never reorder them, and always ends on the last one.
    private static void AssertIncreasingTo(int last, List<int> seen)
    {
        Assert.Equal(last, seen[^1]);
        Assert.Equal(seen.Order(), seen);
        Assert.Equal(seen.Distinct(), seen);
    }

    private static Task<List<int>> ReadUntilAsync(Func<Task<int>> next, int last) => Task.Run(async () =>
    {
        var seen = new List<int>();
        while (seen.LastOrDefault() < last)
        {
            seen.Add(await next());
        }

        return seen;
    });

    private static async Task<JsonElement> NextEventDataAsync(StreamReader reader)
    {
        using var timeout = new CancellationTokenSource(TestTimeouts.Safety);
        while (await reader.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                return JsonDocument.Parse(line[6..]).RootElement.Clone();
            }
        }

        throw new EndOfStreamException("The event stream ended.");
    }
}
