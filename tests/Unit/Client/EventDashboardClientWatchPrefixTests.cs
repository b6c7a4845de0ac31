using EventDashboard.Client;
using EventDashboard.Tests.Unit.TestSupport;

namespace EventDashboard.Tests.Unit.Client;

/// <summary>Watching every value under a prefix through the client, against the real server.</summary>
public sealed class EventDashboardClientWatchPrefixTests
{
    private static async Task<ValueChange> NextAsync(IAsyncEnumerator<ValueChange> changes)
    {
        Assert.True(await changes.MoveNextAsync().AsTask().Within());
        return changes.Current;
    }

    [Fact]
    public async Task WatchPrefixAsync_ValuesUnderIt_SendsThemThenEachChangeAndNewNamesButNothingElse()
    {
        await using var server = LoopbackServer.Start();
        await server.PutAsync("app.a", 1);
        await server.PutAsync("other", 1);
        await server.PutAsync("app.b", "b");
        await server.PutAsync("app.gone", 1);
        await server.DeleteAsync("app.gone");
        await using var client = server.NewClient();
        using var timeout = new CancellationTokenSource(TestTimeouts.Safety);
        await using var changes = client.WatchPrefixAsync("app.", timeout.Token).GetAsyncEnumerator(timeout.Token);

        var first = await NextAsync(changes);
        var second = await NextAsync(changes);
        await server.PutAsync("other", 2);
        await server.PutAsync("app.c", true);
        await server.DeleteAsync("app.a");
        var third = await NextAsync(changes);
        var fourth = await NextAsync(changes);

        // What existed, in the order it was set (a value deleted before the watch is not news to it), then the changes.
        Assert.Equal(("app.a", 1L, 1), (first.Name, first.Version, first.Snapshot!.Value.GetInt32()));
        Assert.Equal(("app.b", "b"), (second.Name, second.Snapshot!.Value.GetString()));
        Assert.Equal(("app.c", false), (third.Name, third.Deleted));
        Assert.True(fourth.Deleted);
        Assert.Equal(("app.a", 2L), (fourth.Name, fourth.Deletion!.Version));
        Assert.Null(fourth.Snapshot);
    }

    [Fact]
    public async Task WatchPrefixAsync_ReaderBehindManySets_NeverGoesBackAndEndsOnTheNewest()
    {
        await using var server = LoopbackServer.Start();
        await server.PutAsync("fast.x", 0);
        await using var client = server.NewClient();
        using var timeout = new CancellationTokenSource(TestTimeouts.Safety);
        await using var changes = client.WatchPrefixAsync("fast.", timeout.Token).GetAsyncEnumerator(timeout.Token);
        Assert.Equal(1, (await NextAsync(changes)).Version);

        for (var i = 1; i <= 200; i++)
        {
            await server.PutAsync("fast.x", i);
        }

        var versions = new List<long>();
        while (versions.LastOrDefault() < 201)
        {
            versions.Add((await NextAsync(changes)).Version);
        }

        Assert.Equal(versions.Order(), versions);
        Assert.Equal(versions.Count, versions.Distinct().Count());
    }

    [Fact]
    public async Task WatchPrefixAsync_ServerRestartsOnTheSameStore_ResumesAfterTheLastChangeWithoutRepeats()
    {
        var folder = Directory.CreateTempSubdirectory("eventdashboard-client-prefix-").FullName;
        try
        {
            await using var server = LoopbackServer.StartSqlite(folder);
            await server.PutAsync("kept.a", 1);
            await server.PutAsync("kept.b", 1);
            await using var client = server.NewClient();
            using var timeout = new CancellationTokenSource(TestTimeouts.Safety);
            await using var changes = client.WatchPrefixAsync("kept.", timeout.Token).GetAsyncEnumerator(timeout.Token);
            await NextAsync(changes);
            await NextAsync(changes);

            await server.StopAsync();
            server.Restart();
            await server.PutAsync("kept.a", 2);

            // Resumed after kept.b's change: the values it already returned do not come again.
            var next = await NextAsync(changes);
            Assert.Equal(("kept.a", 2L), (next.Name, next.Version));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task WatchPrefixAsync_ServerRestartsOnANewStore_StartsOverWithItsValues()
    {
        await using var server = LoopbackServer.Start();
        await server.PutAsync("moved.a", 1);
        await server.PutAsync("moved.a", 2);
        await using var client = server.NewClient();
        using var timeout = new CancellationTokenSource(TestTimeouts.Safety);
        await using var changes = client.WatchPrefixAsync("moved.", timeout.Token).GetAsyncEnumerator(timeout.Token);
        Assert.Equal(2, (await NextAsync(changes)).Version);

        // A fresh in-memory store: its version 1 is the newest value there is, though lower than 2.
        await server.StopAsync();
        server.Restart();
        var storeId = (await server.PutAsync("moved.a", "new")).StoreId;

        var next = await NextAsync(changes);
        Assert.Equal(("moved.a", 1L, "new", storeId), (next.Name, next.Version, next.Snapshot!.Value.GetString(), next.Snapshot.StoreId));
    }

    [Fact]
    public async Task WatchPrefixAsync_InvalidPrefix_ThrowsArgumentException()
    {
        await using var server = LoopbackServer.Start();
        await using var client = server.NewClient();

        var error = Assert.Throws<ArgumentException>(() => client.WatchPrefixAsync("a b"));

        Assert.Contains("not a valid name prefix", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WatchPrefixAsync_ClientDisposedWhileWaiting_EndsWithObjectDisposed()
    {
        await using var server = LoopbackServer.Start();
        var client = server.NewClient();
        await using var changes = client.WatchPrefixAsync("none.").GetAsyncEnumerator();
        var next = changes.MoveNextAsync().AsTask();

        await client.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => next.Within());
    }
}
