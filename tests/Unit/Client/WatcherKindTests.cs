using EventDashboard.Client;
using EventDashboard.Tests.Unit.TestSupport;
using EventDashboard.Web.Values;

namespace EventDashboard.Tests.Unit.Client;

/// <summary>The server tells a .NET client's subscriptions from other watchers of a value.</summary>
public sealed class WatcherKindTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private LoopbackServer Server => fixture.Server;

    [Fact]
    public async Task Watch_DotNetClientAndServerWatcher_CountUnderTheirOwnKinds()
    {
        var name = ServerFixture.NewName();
        await Server.PutAsync(name, 1);
        await using var client = new EventDashboardClient(Server.BaseAddress);
        using var remote = client.Value<int>(name).Watch();
        Assert.Equal(1, await remote.GetAsync().Within());

        using var local = Server.Registry.Watch(name);

        var kinds = Server.Registry.GetWatchersByKind(name);
        Assert.Equal(1, kinds[WatcherKind.DotNetClient]);
        Assert.Equal(1, kinds[WatcherKind.Server]);
        Assert.False(kinds.ContainsKey(WatcherKind.Hub));
        Assert.Equal(2, Server.Registry.GetWatcherCount(name));
    }
}
