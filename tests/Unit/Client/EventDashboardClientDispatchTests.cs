using EventDashboard.Client;
using EventDashboard.Core;
using EventDashboard.Tests.Unit.TestSupport;

namespace EventDashboard.Tests.Unit.Client;

/// <summary>
/// A hub push resumes a remote watcher's Get on the connection's dispatch loop, without a thread-pool hop. The code
/// that runs there may call back into the client, and even block on it, without deadlocking the client.
/// </summary>
public sealed class EventDashboardClientDispatchTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private LoopbackServer Server => fixture.Server;

    [Fact]
    public async Task Set_BlockingInAContinuationOnTheDispatchLoop_ReturnsAndTheWatcherSeesIt()
    {
        var name = ServerFixture.NewName();
        await using var client = Server.NewClient(ClientTransport.WebSockets);
        await using var setter = Server.NewClient(ClientTransport.WebSockets);
        var value = client.Value<int>(name);
        await client.SetAsync(name, 1).Within();
        using var watcher = value.Watch();
        Assert.Equal(1, await watcher.GetAsync().Within());

        // Parks now; the push of 2 resumes it on the dispatch loop, where it blocks on a Set of this same client. That
        // Set waits until this client's watchers can see it, and the push that would tell is queued behind this code.
        var relay = RelayAsync();
        await setter.SetAsync(name, 2).Within();

        Assert.True(await relay.Within());
        Assert.Equal(3, await watcher.GetAsync().Within());

        async Task<bool> RelayAsync()
        {
            var next = await watcher.GetAsync().ConfigureAwait(false);
            var onDispatchLoop = client.Subscriptions.IsDispatching;
            value.Set(next + 1);
            return onDispatchLoop;
        }
    }

    [Fact]
    public async Task DisposeAsync_FromAContinuationOnTheDispatchLoop_CompletesAndEndsTheConnection()
    {
        var name = ServerFixture.NewName();
        var client = Server.NewClient(ClientTransport.WebSockets);
        await using var setter = Server.NewClient(ClientTransport.WebSockets);
        await client.SetAsync(name, 1).Within();
        using var watcher = client.Value<int>(name).Watch();
        Assert.Equal(1, await watcher.GetAsync().Within());

        var disposing = DisposeOnNextAsync();
        await setter.SetAsync(name, 2).Within();

        Assert.True(await disposing.Within());
        using var state = client.Connection.Watch();
        Assert.Equal(ConnectionState.Closed, await state.GetAsync().Within());
        await Assert.ThrowsAsync<ObjectDisposedException>(() => watcher.GetAsync().Within());

        async Task<bool> DisposeOnNextAsync()
        {
            await watcher.GetAsync().ConfigureAwait(false);
            var onDispatchLoop = client.Subscriptions.IsDispatching;
            await client.DisposeAsync();
            return onDispatchLoop;
        }
    }

    [Fact]
    public async Task GetAsync_OfAnotherNameBlockingInAContinuationOnTheDispatchLoop_ReturnsItsCurrentValue()
    {
        var name = ServerFixture.NewName();
        var otherName = ServerFixture.NewName();
        await using var client = Server.NewClient(ClientTransport.WebSockets);
        await using var setter = Server.NewClient(ClientTransport.WebSockets);
        await setter.SetAsync(otherName, "other").Within();
        await setter.SetAsync(name, 1).Within();
        using var watcher = client.Value<int>(name).Watch();
        Assert.Equal(1, await watcher.GetAsync().Within());
        var next = watcher.GetAsync();

        // The push of 2 resumes code that subscribes to another name and blocks until the Subscribe is answered,
        // which the connection's receive loop delivers, not the dispatch loop.
        var watchOther = WatchOtherOnNextAsync();
        await setter.SetAsync(name, 2).Within();

        var (onDispatchLoop, other) = await watchOther.Within();
        Assert.True(onDispatchLoop);
        Assert.Equal("other", other);

        async Task<(bool, string)> WatchOtherOnNextAsync()
        {
            await next.ConfigureAwait(false);
            var onDispatchLoop = client.Subscriptions.IsDispatching;
            using var otherWatcher = client.Value<string>(otherName).Watch();
#pragma warning disable xUnit1031 // Blocking on purpose: it is the case under test.
            var current = otherWatcher.GetAsync().AsTask().GetAwaiter().GetResult();
#pragma warning restore xUnit1031
            return (onDispatchLoop, current);
        }
    }
}
