using EventDashboard.Client;
using EventDashboard.Core;
using EventDashboard.Tests.Unit.TestSupport;

namespace EventDashboard.Tests.Unit.Client;

/// <summary>Deleting a hosted value through the client, and what its watchers see of a delete, against the real server.</summary>
public sealed class EventDashboardClientDeleteTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private LoopbackServer Server => fixture.Server;

    [Theory]
    [InlineData(ClientTransport.WebSockets)]
    [InlineData(ClientTransport.BlockingQueries)]
    public async Task DeleteAsync_WatcherParkedInGet_IsNotWokenAndGetsTheNextSet(ClientTransport transport)
    {
        var name = ServerFixture.NewName();
        await using var client = Server.NewClient(transport);
        var value = client.Value<string>(name);
        using var watcher = value.Watch();
        Assert.Equal(1, await client.SetAsync(name, "a").Within());
        Assert.Equal("a", await watcher.GetAsync().Within());
        var next = watcher.GetAsync().AsTask();

        Assert.True(await client.DeleteAsync(name).Within());

        // Read-your-writes: the mirror holds the delete, so a watcher made now has nothing to return.
        using var after = value.Watch();
        await Assert.ThrowsAsync<BacklogDoneException>(() => after.GetAsync(GetOptions<string>.Backlog).Within());
        Assert.False(next.IsCompleted);
        Assert.Equal(2, Server.Registry.GetVersion(name));

        // Setting it again continues after the delete's version.
        Assert.Equal(3, await client.SetAsync(name, "c").Within());
        Assert.Equal("c", await next.Within());
        Assert.Equal("c", await after.GetAsync().Within());
    }

    [Theory]
    [InlineData(ClientTransport.WebSockets)]
    [InlineData(ClientTransport.BlockingQueries)]
    public async Task DeleteAsync_Twice_ReturnsTrueThenFalse(ClientTransport transport)
    {
        var name = ServerFixture.NewName();
        await using var client = Server.NewClient(transport);
        await client.SetAsync(name, 1).Within();

        Assert.True(await client.DeleteAsync(name).Within());
        Assert.False(await client.DeleteAsync(name).Within());
        Assert.False(await client.DeleteAsync(name, expectedVersion: 2).Within());
        Assert.False(await client.DeleteAsync(ServerFixture.NewName()).Within());

        Assert.Equal(2, Server.Registry.GetVersion(name));
        Assert.Null(Server.Registry.Get(name));
    }

    [Theory]
    [InlineData(ClientTransport.WebSockets)]
    [InlineData(ClientTransport.BlockingQueries)]
    public async Task DeleteAsync_ExpectedVersionIsStale_ThrowsVersionConflictAndDeletesNothing(ClientTransport transport)
    {
        var name = ServerFixture.NewName();
        await using var client = Server.NewClient(transport);
        var first = await client.SetAsync(name, "a").Within();
        await Server.PutAsync(name, "b");

        var conflict = await Assert.ThrowsAsync<VersionConflictException>(() => client.DeleteAsync(name, expectedVersion: first).Within());

        Assert.Equal(first, conflict.ExpectedVersion);
        Assert.NotNull(conflict.Current);
        Assert.Equal(first + 1, conflict.Current.Version);
        Assert.Equal("b", Server.Registry.Get(name)!.Value.GetString());
        Assert.True(await client.DeleteAsync(name, expectedVersion: first + 1).Within());
    }

    [Theory]
    [InlineData(ClientTransport.WebSockets)]
    [InlineData(ClientTransport.BlockingQueries)]
    public async Task DeleteAsync_RightAfterTheFirstWatch_ReturnsWithTheDeleteMirrored(ClientTransport transport)
    {
        // The new watcher's Subscribe races the delete, so its answer may say "does not exist" (with no version)
        // from before or after the delete. Several rounds make it likely that some land on either side.
        await using var client = Server.NewClient(transport);
        for (var round = 1; round <= 10; round++)
        {
            var name = ServerFixture.NewName();
            await Server.PutAsync(name, round);
            using var watcher = client.Value<int>(name).Watch();

            Assert.True(await client.DeleteAsync(name).Within());

            await Assert.ThrowsAsync<BacklogDoneException>(() => watcher.GetAsync(GetOptions<int>.Backlog).Within());
        }
    }

    [Theory]
    [InlineData(ClientTransport.WebSockets)]
    [InlineData(ClientTransport.BlockingQueries)]
    public async Task Watch_ValueDeletedByAnotherProgram_GetWaitsForTheNextSet(ClientTransport transport)
    {
        var name = ServerFixture.NewName();
        await Server.PutAsync(name, "a");
        await using var client = Server.NewClient(transport);
        using var watcher = client.Value<string>(name).Watch();
        Assert.Equal("a", await watcher.GetAsync().Within());
        var next = watcher.GetAsync().AsTask();

        await Server.DeleteAsync(name);
        Assert.Equal(3, (await Server.PutAsync(name, "c")).Version);

        Assert.Equal("c", await next.Within());
    }

    [Fact]
    public async Task DeleteAsync_InvalidNameOrDisposedClient_Throws()
    {
        var client = Server.NewClient();

        await Assert.ThrowsAsync<ArgumentException>(() => client.DeleteAsync("no spaces"));
        await client.DisposeAsync();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => client.DeleteAsync(ServerFixture.NewName()));
    }
}
