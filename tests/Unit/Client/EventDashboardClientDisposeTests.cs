using System.Runtime.CompilerServices;
using EventDashboard.Client;
using EventDashboard.Core;
using EventDashboard.Protocol;
using EventDashboard.Tests.Unit.TestSupport;

namespace EventDashboard.Tests.Unit.Client;

/// <summary>The end of a client or of a watcher leaves nobody waiting and nothing held on the server, against the real server.</summary>
public sealed class EventDashboardClientDisposeTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private LoopbackServer Server => fixture.Server;

    [Theory]
    [InlineData(ClientTransport.WebSockets)]
    [InlineData(ClientTransport.BlockingQueries)]
    public async Task DisposeAsync_GetsPendingOnWatchers_FailWithObjectDisposed(ClientTransport transport)
    {
        var name = ServerFixture.NewName();
        await Server.PutAsync(name, 1);
        var client = Server.NewClient(transport);
        var value = client.Value<int>(name);
        using var plain = value.Watch();
        using var filtered = value.Watch();
        Assert.Equal(1, await plain.GetAsync().Within());
        Assert.Equal(1, await filtered.GetAsync().Within());
        var plainGet = plain.GetAsync().AsTask();
        var filteredGet = filtered.GetAsync(GetOptions<int>.Where(v => v > 100)).AsTask();

        await client.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => plainGet.Within());
        await Assert.ThrowsAsync<ObjectDisposedException>(() => filteredGet.Within());
    }

    [Theory]
    [InlineData(ClientTransport.WebSockets)]
    [InlineData(ClientTransport.BlockingQueries)]
    public async Task DisposeAsync_ThenGet_ThrowsObjectDisposedEvenWithANewerValueUnread(ClientTransport transport)
    {
        var name = ServerFixture.NewName();
        var client = Server.NewClient(transport);
        var value = client.Value<int>(name);
        using var watcher = value.Watch();
        using var unread = value.Watch();
        await value.SetAsync(1).Within();
        Assert.Equal(1, await watcher.GetAsync().Within());

        await client.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => watcher.GetAsync().Within());
        await Assert.ThrowsAsync<ObjectDisposedException>(() => unread.GetAsync().Within());
        await Assert.ThrowsAsync<ObjectDisposedException>(() => unread.GetAsync(GetOptions<int>.Backlog).Within());
    }

    [Fact]
    public async Task DisposeAsync_ThenValueWatchOrSet_ThrowObjectDisposed()
    {
        var name = ServerFixture.NewName();
        var client = new EventDashboardClient(Server.BaseAddress);
        var value = client.Value<int>(name);
        await value.SetAsync(1).Within();

        await client.DisposeAsync();

        Assert.Throws<ObjectDisposedException>(() => client.Value<int>(name));
        Assert.Throws<ObjectDisposedException>(() => value.Watch());
        Assert.Throws<ObjectDisposedException>(() => value.Set(2));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => value.SetAsync(2).Within());
        await Assert.ThrowsAsync<ObjectDisposedException>(() => client.SetAsync(name, 2).Within());
        Assert.Equal(1, Server.Registry.Get(name)!.Version);
    }

    [Fact]
    public async Task DisposeAsync_Twice_EndsClosedAndWatcherDisposeStaysHarmless()
    {
        var client = new EventDashboardClient(Server.BaseAddress);
        using var watcher = client.Value<int>(ServerFixture.NewName()).Watch();
        using (var connecting = client.Connection.Watch())
        {
            await connecting.GetAsync(GetOptions<ConnectionState>.Where(s => s == ConnectionState.Connected)).Within();
        }

        await Task.WhenAll(client.DisposeAsync().AsTask(), client.DisposeAsync().AsTask()).Within();
        await client.DisposeAsync();
        watcher.Dispose();
        watcher.Dispose();

        using var state = client.Connection.Watch();
        Assert.Equal(ConnectionState.Closed, await state.GetAsync().Within());
        await Assert.ThrowsAsync<ObjectDisposedException>(() => watcher.GetAsync().Within());
    }

    [Theory]
    [InlineData(ClientTransport.WebSockets)]
    [InlineData(ClientTransport.BlockingQueries)]
    public async Task Watch_DroppedWithoutDispose_ServerSubscriptionEndsWhenCollected(ClientTransport transport)
    {
        var name = ServerFixture.NewName();
        await Server.PutAsync(name, 1);
        await using var client = Server.NewClient(transport);
        using var count = Server.Registry.WatchWatcherCount(name);
        await WatchAndDropAsync(client, name);

        // Counted on the server while the dropped watcher lives (over HTTP, from when its blocking query parks).
        await count.GetAsync(GetOptions<WatchersChange>.Where(c => c.Watchers == 1)).Within();
        await CollectAsync();

        await count.GetAsync(GetOptions<WatchersChange>.Where(c => c.Watchers == 0)).Within();
        Assert.Equal(0, Server.Registry.GetWatcherCount(name));
    }

    [Fact]
    public async Task Watch_DroppedWhileAnotherWatcherLives_KeepsTheServerSubscription()
    {
        var name = ServerFixture.NewName();
        await Server.PutAsync(name, 1);
        await using var client = new EventDashboardClient(Server.BaseAddress);
        using var kept = client.Value<int>(name).Watch();
        Assert.Equal(1, await kept.GetAsync().Within());
        await WatchAndDropAsync(client, name);

        await CollectAsync();

        // The collected watcher gave back only its own count: the live one still follows the server.
        await Server.PutAsync(name, 2);
        Assert.Equal(2, await kept.GetAsync().Within());
        Assert.Equal(1, Server.Registry.GetWatcherCount(name));
    }

    // Not inlined, so that no local of the caller keeps the watcher reachable.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task WatchAndDropAsync(EventDashboardClient client, string name)
    {
        var watcher = client.Value<int>(name).Watch();
        Assert.Equal(1, await watcher.GetAsync().Within());
    }

    // The helper's task completed inline, so this code may still run inside its MoveNext, whose state machine
    // (holding the watcher) is cleared only when that returns: yield first, off that stack.
    private static async Task CollectAsync()
    {
        await Task.Yield();
        GC.Collect();
        GC.WaitForPendingFinalizers();
    }
}
