using EventDashboard.Client;
using EventDashboard.Core;
using EventDashboard.Tests.Unit.TestSupport;

namespace EventDashboard.Tests.Unit.Client;

/// <summary>
/// The client outlives its server: stop it, start it again on the same port (a fresh in-memory store, or the same or
/// a wiped SQLite data folder), and watching goes on.
/// </summary>
public sealed class EventDashboardClientReconnectTests
{
    [Theory]
    [InlineData(ClientTransport.WebSockets)]
    [InlineData(ClientTransport.ServerSentEvents)]
    [InlineData(ClientTransport.LongPolling)]
    [InlineData(ClientTransport.BlockingQueries)]
    public async Task Watch_ServerRestartsMidWatch_ResumesWithTheNewValueThoughItsVersionIsLower(ClientTransport transport)
    {
        await using var server = LoopbackServer.Start();
        var storeBefore = server.Registry.StoreId;
        await using var client = NewClient(server, transport);
        using var state = client.Connection.Watch();
        var value = client.Value<int>("restart");
        using var watcher = value.Watch();
        for (var i = 1; i <= 3; i++)
        {
            await value.SetAsync(i * 10).Within();
        }

        Assert.Equal(30, await watcher.GetAsync().Within());
        Assert.Equal(3, server.Registry.Get("restart")!.Version);

        var next = watcher.GetAsync().AsTask();
        await RestartAsync(server, state);

        // The fresh in-memory store has another id and counts from 1 again: version 1 there is newer than 3 here.
        Assert.NotEqual(storeBefore, server.Registry.StoreId);
        var snapshot = await server.PutAsync("restart", 7);
        Assert.Equal(1, snapshot.Version);
        Assert.Equal(7, await next.WaitAsync(ResumeTimeout(transport)));
        await state.GetAsync(GetOptions<ConnectionState>.Where(s => s == ConnectionState.Connected)).Within();

        // And the resumed subscription follows the new server's versions as usual.
        await server.PutAsync("restart", 8);
        Assert.Equal(8, await watcher.GetAsync().Within());
    }

    [Theory]
    [InlineData(ClientTransport.WebSockets)]
    [InlineData(ClientTransport.BlockingQueries)]
    public async Task Watch_ServerRestartsBackAtTheSameVersion_SeesTheNewValue(ClientTransport transport)
    {
        await using var server = LoopbackServer.Start();
        await using var client = NewClient(server, transport);
        using var state = client.Connection.Watch();
        using var watcher = client.Value<string>("same").Watch();
        await server.PutAsync("same", "before");
        Assert.Equal("before", await watcher.GetAsync().Within());

        var next = watcher.GetAsync().AsTask();
        await RestartAsync(server, state);

        // Version 1 again, as before the restart: only the new store id tells that it is a new value.
        Assert.Equal(1, (await server.PutAsync("same", "after")).Version);
        Assert.Equal("after", await next.WaitAsync(ResumeTimeout(transport)));
    }

    [Theory]
    [InlineData(ClientTransport.WebSockets)]
    [InlineData(ClientTransport.BlockingQueries)]
    public async Task Watch_ServerRestartsOnTheSameDataFolder_VersionsContinueAndTheClientEndsOnTheCurrentValue(ClientTransport transport)
    {
        var folder = Directory.CreateTempSubdirectory("eventdashboard-tests-");
        try
        {
            await using var server = LoopbackServer.StartSqlite(folder.FullName);
            var storeBefore = server.Registry.StoreId;
            await using var client = NewClient(server, transport);
            using var state = client.Connection.Watch();
            var value = client.Value<string>("kept");
            using var watcher = value.Watch();
            await value.SetAsync("a").Within();
            await value.SetAsync("b").Within();
            Assert.Equal("b", await watcher.GetAsync().Within());

            var next = watcher.GetAsync().AsTask();
            await RestartAsync(server, state);

            // The same store: the resubscription finds version 2 again, which is not news, and versions go on from it.
            Assert.Equal(storeBefore, server.Registry.StoreId);
            Assert.Equal(3, (await server.PutAsync("kept", "c")).Version);
            Assert.Equal("c", await next.WaitAsync(ResumeTimeout(transport)));
            using var fresh = value.Watch();
            Assert.Equal("c", await fresh.GetAsync().Within());
            Assert.Equal(4, await client.SetAsync("kept", "d").Within());
            Assert.Equal("d", await watcher.GetAsync().Within());
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData(ClientTransport.WebSockets)]
    [InlineData(ClientTransport.LongPolling)]
    [InlineData(ClientTransport.BlockingQueries)]
    public async Task Watch_DataFolderWipedBetweenRuns_TakesTheNewStoresLowerVersions(ClientTransport transport)
    {
        var folder = Directory.CreateTempSubdirectory("eventdashboard-tests-");
        try
        {
            await using var server = LoopbackServer.StartSqlite(folder.FullName);
            var storeBefore = server.Registry.StoreId;
            await using var client = NewClient(server, transport);
            using var state = client.Connection.Watch();
            var value = client.Value<string>("wiped");
            using var watcher = value.Watch();
            for (var i = 1; i <= 3; i++)
            {
                await value.SetAsync($"old {i}").Within();
            }

            Assert.Equal("old 3", await watcher.GetAsync().Within());

            var next = watcher.GetAsync(GetOptions<string>.Where(v => v == "new 2")).AsTask();
            await RestartAsync(server, state, whileStopped: () =>
            {
                foreach (var file in folder.GetFiles())
                {
                    file.Delete();
                }
            });

            // A new store, whose versions start again: 1 and 2 there come after 3 in the wiped one.
            Assert.NotEqual(storeBefore, server.Registry.StoreId);
            Assert.Equal(1, (await server.PutAsync("wiped", "new 1")).Version);
            Assert.Equal(2, (await server.PutAsync("wiped", "new 2")).Version);
            Assert.Equal("new 2", await next.WaitAsync(ResumeTimeout(transport)));
            using var fresh = value.Watch();
            Assert.Equal("new 2", await fresh.GetAsync().Within());
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Connection_ServerDownAtStart_KeepsRetryingUntilItComes()
    {
        await using var server = LoopbackServer.Start();
        var address = server.BaseAddress;
        await server.StopAsync();
        await using var client = new EventDashboardClient(address, new EventDashboardClientOptions { MaxReconnectDelay = TimeSpan.FromMilliseconds(200) });
        var value = client.Value<int>("late");
        using var watcher = value.Watch();
        var first = watcher.GetAsync().AsTask();
        Assert.False(first.IsCompleted);

        server.Restart();
        await server.PutAsync("late", 5);

        Assert.Equal(5, await first.Within());
    }

    private static EventDashboardClient NewClient(LoopbackServer server, ClientTransport transport) =>
        new(server.BaseAddress, new EventDashboardClientOptions
        {
            Transport = transport,
            MaxReconnectDelay = TimeSpan.FromMilliseconds(500),

            // A held blocking query would hold up the server's shutdown for its whole wait.
            PollWait = TimeSpan.FromSeconds(1),
        });

    // Stops the server, waits until the client noticed, and starts it again on the same port (on the in-memory
    // store a fresh one, with no values).
    private static async Task RestartAsync(LoopbackServer server, IWatcher<ConnectionState> state, Action? whileStopped = null)
    {
        await server.StopAsync().Within();
        await state.GetAsync(GetOptions<ConnectionState>.Where(s => s == ConnectionState.Reconnecting)).Within();
        whileStopped?.Invoke();
        server.Restart();
    }

    // Over HTTP the blocking queries failed while the server was down, and Core's Notify loop backs off
    // (immediately three times, then 2, 4, 8 ... s, at most a minute), so allow for one full back-off.
    private static TimeSpan ResumeTimeout(ClientTransport transport) =>
        transport == ClientTransport.BlockingQueries ? TimeSpan.FromSeconds(90) : TestTimeouts.Safety;
}
