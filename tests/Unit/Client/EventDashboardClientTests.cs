using System.Text.Json;
using EventDashboard.Client;
using EventDashboard.Core;
using EventDashboard.Protocol;
using EventDashboard.Tests.Unit.TestSupport;

namespace EventDashboard.Tests.Unit.Client;

/// <summary>What the client adds on top of the value contract, against the real server.</summary>
public sealed class EventDashboardClientTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private LoopbackServer Server => fixture.Server;

    [Fact]
    public async Task Watch_ManyLocalWatchers_HoldOneServerSubscriptionUntilTheLastIsDisposed()
    {
        var name = ServerFixture.NewName();
        await Server.PutAsync(name, 1);
        await using var client = new EventDashboardClient(Server.BaseAddress);
        var value = client.Value<int>(name);

        var watchers = Enumerable.Range(0, 5).Select(_ => value.Watch()).ToList();
        foreach (var watcher in watchers)
        {
            Assert.Equal(1, await watcher.GetAsync().Within());
        }

        Assert.Equal(1, Server.Registry.GetWatcherCount(name));
        watchers[0].Dispose();
        watchers[1].Dispose();
        Assert.Equal(1, Server.Registry.GetWatcherCount(name));

        using var count = Server.Registry.WatchWatcherCount(name);
        watchers.ForEach(w => w.Dispose());
        await count.GetAsync(GetOptions<WatchersChange>.Where(c => c.Watchers == 0)).Within();
    }

    [Theory]
    [InlineData(ClientTransport.WebSockets, ClientProtocol.Json)]
    [InlineData(ClientTransport.WebSockets, ClientProtocol.MessagePack)]
    [InlineData(ClientTransport.BlockingQueries, ClientProtocol.Json)]
    public async Task Watch_AsJsonElement_GetsTheDocumentExactlyAsSetWithoutAType(ClientTransport transport, ClientProtocol protocol)
    {
        var name = ServerFixture.NewName();
        await using var client = Server.NewClient(transport, protocol);
        using var watcher = client.Value<JsonElement>(name).Watch();
        const string json = """{"seq":7,"big":123456789012345678901234567890}""";
        await client.SetAsync(name, JsonDocument.Parse(json).RootElement).Within();

        var element = await watcher.GetAsync().Within();

        Assert.Equal(json, element.GetRawText());
        Assert.Equal(7, element.GetProperty("seq").GetInt32());
    }

    [Fact]
    public async Task Watch_AgainAfterLastWatcherLeft_SeesTheCurrentValue()
    {
        var name = ServerFixture.NewName();
        await using var client = new EventDashboardClient(Server.BaseAddress);
        var value = client.Value<int>(name);
        await value.SetAsync(1);
        using (var first = value.Watch())
        {
            Assert.Equal(1, await first.GetAsync().Within());
        }

        await Server.PutAsync(name, 2);
        using var second = value.Watch();

        Assert.Equal(2, await second.GetAsync().Within());
    }

    [Theory]
    [InlineData(ClientTransport.WebSockets)]
    [InlineData(ClientTransport.BlockingQueries)]
    public async Task SetAsync_ExpectedVersionIsStale_ThrowsVersionConflictWithTheCurrentSnapshot(ClientTransport transport)
    {
        var name = ServerFixture.NewName();
        await using var client = Server.NewClient(transport);
        var first = await client.SetAsync(name, "a");
        await Server.PutAsync(name, "b");

        var conflict = await Assert.ThrowsAsync<VersionConflictException>(() => client.SetAsync(name, "c", expectedVersion: first).Within());

        Assert.Equal(first, conflict.ExpectedVersion);
        Assert.NotNull(conflict.Current);
        Assert.Equal(first + 1, conflict.Current.Version);
        Assert.Equal("b", conflict.Current.Value.GetString());
        Assert.Equal(first + 1, Server.Registry.Get(name)!.Version);
    }

    [Theory]
    [InlineData(ClientTransport.WebSockets)]
    [InlineData(ClientTransport.BlockingQueries)]
    public async Task SetAsync_ExpectedVersionIsCurrent_SetsAndReturnsTheNextVersion(ClientTransport transport)
    {
        var name = ServerFixture.NewName();
        await using var client = Server.NewClient(transport);

        var created = await client.SetAsync(name, 10, expectedVersion: 0);
        var next = await client.SetAsync(name, 11, expectedVersion: created);

        Assert.Equal(1, created);
        Assert.Equal(2, next);
        Assert.Equal(11, Server.Registry.Get(name)!.Value.GetInt32());
    }

    [Theory]
    [InlineData(ClientTransport.WebSockets)]
    [InlineData(ClientTransport.BlockingQueries)]
    public async Task SetAsync_WhileWatched_WatcherHasTheNewVersionWithoutWaiting(ClientTransport transport)
    {
        var name = ServerFixture.NewName();
        await using var client = Server.NewClient(transport);
        using var watcher = client.Value<int>(name).Watch();

        for (var i = 1; i <= 20; i++)
        {
            await client.SetAsync(name, i).Within();

            // Backlog-only never waits: the value must already be in the client.
            Assert.Equal(i, await watcher.GetAsync(GetOptions<int>.Backlog).Within());
        }
    }

    [Fact]
    public async Task Value_InvalidName_ThrowsArgumentException()
    {
        await using var client = new EventDashboardClient(Server.BaseAddress);

        Assert.Throws<ArgumentException>(() => client.Value<int>("no spaces"));
        await Assert.ThrowsAsync<ArgumentException>(() => client.SetAsync(new string('x', 129), 1));
    }

    [Fact]
    public async Task SetAsync_ValueOverTheServerLimitOverHttp_ThrowsArgumentExceptionWithTheServersReason()
    {
        await using var client = Server.NewClient(ClientTransport.BlockingQueries);
        var huge = new string('x', 2 * 1024 * 1024);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => client.SetAsync(ServerFixture.NewName(), huge).Within());

        Assert.Contains("413", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SetAsync_ValueOverTheHubMessageLimit_FailsAndTheClientRecovers()
    {
        // The hub closes a connection whose message exceeds its limit; the client must come back by itself.
        // The Set right after races the connection loss: whichever side of it the Set lands on, it must
        // succeed once. Several rounds make it likely that some land on the lost connection.
        var name = ServerFixture.NewName();
        await using var client = new EventDashboardClient(Server.BaseAddress);
        using var watcher = client.Value<int>(name).Watch();
        await client.SetAsync(name, 1).Within();
        var huge = new string('x', 2 * 1024 * 1024);

        for (var round = 2; round <= 6; round++)
        {
            var error = await Assert.ThrowsAnyAsync<Exception>(() => client.SetAsync(name, huge).Within());
            Assert.IsNotType<VersionConflictException>(error);

            Assert.Equal(round, await client.SetAsync(name, round).Within());
            Assert.Equal(round, await watcher.GetAsync(GetOptions<int>.Where(v => v == round)).Within());
        }

        Assert.Equal(6, Server.Registry.Get(name)!.Version);
    }

    [Fact]
    public async Task Connection_StartAndDispose_GoesConnectedThenClosed()
    {
        var client = new EventDashboardClient(Server.BaseAddress);
        using var state = client.Connection.Watch();

        await state.GetAsync(GetOptions<ConnectionState>.Where(s => s == ConnectionState.Connected)).Within();
        await client.DisposeAsync();

        Assert.Equal(ConnectionState.Closed, await state.GetAsync().Within());
    }

    [Fact]
    public async Task Value_RecordType_RoundTripsThroughTheServerAsJson()
    {
        var name = ServerFixture.NewName();
        await using var client = new EventDashboardClient(Server.BaseAddress);
        var value = client.Value<Reading>(name);
        using var watcher = value.Watch();

        await value.SetAsync(new Reading("boiler", 71.5));

        Assert.Equal(new Reading("boiler", 71.5), await watcher.GetAsync().Within());
        Assert.Equal("boiler", Server.Registry.Get(name)!.Value.GetProperty("sensor").GetString());
    }

    [Fact]
    public void Constructor_RelativeOrNonHttpUri_Throws()
    {
        Assert.Throws<ArgumentException>(() => new EventDashboardClient(new Uri("ftp://example/")));
        Assert.Throws<ArgumentException>(() => new EventDashboardClient(new Uri("/x", UriKind.Relative)));
    }

    public sealed record Reading(string Sensor, double Celsius);
}
