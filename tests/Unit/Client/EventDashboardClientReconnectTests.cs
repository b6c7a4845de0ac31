using EventDashboard.Client;
using EventDashboard.Core;
using EventDashboard.Tests.Unit.TestSupport;

namespace EventDashboard.Tests.Unit.Client;

/// <summary>The client outlives its server: stop it, start a fresh one on the same port, and watching goes on.</summary>
public sealed class EventDashboardClientReconnectTests
{
    [Theory]
    [InlineData(ClientTransport.WebSockets)]
    [InlineData(ClientTransport.HttpLongPolling)]
    public async Task Watch_ServerRestartsMidWatch_ResumesWithTheNewValueThoughItsVersionIsLower(ClientTransport transport)
    {
        await using var server = LoopbackServer.Start();
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

        // The fresh server counts from 1 again: version 1 here is newer than version 3 there.
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
    [InlineData(ClientTransport.HttpLongPolling)]
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

        // Version 1 again, as before the restart: only the reconnect tells that it is a new value.
        Assert.Equal(1, (await server.PutAsync("same", "after")).Version);
        Assert.Equal("after", await next.WaitAsync(ResumeTimeout(transport)));
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

    // Stops the server, waits until the client noticed, and starts a fresh one (no values) on the same port.
    private static async Task RestartAsync(LoopbackServer server, IWatcher<ConnectionState> state)
    {
        await server.StopAsync().Within();
        await state.GetAsync(GetOptions<ConnectionState>.Where(s => s == ConnectionState.Reconnecting)).Within();
        server.Restart();
    }

    // Over HTTP the blocking queries failed while the server was down, and Core's Notify loop backs off
    // (immediately three times, then 2, 4, 8 ... s, at most a minute), so allow for one full back-off.
    private static TimeSpan ResumeTimeout(ClientTransport transport) =>
        transport == ClientTransport.HttpLongPolling ? TimeSpan.FromSeconds(90) : TestTimeouts.Safety;
}
