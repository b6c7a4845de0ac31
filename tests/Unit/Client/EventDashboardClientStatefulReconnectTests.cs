using EventDashboard.Client;
using EventDashboard.Core;
using EventDashboard.Tests.Unit.TestSupport;
using EventDashboard.Web.Hubs.Internal;
using Microsoft.Extensions.DependencyInjection;

namespace EventDashboard.Tests.Unit.Client;

/// <summary>
/// A dropped TCP link under a live WebSocket is mended by stateful reconnect: the same hub connection goes on, with
/// its subscriptions, and the pushes lost on the wire are sent again.
/// </summary>
public sealed class EventDashboardClientStatefulReconnectTests
{
    [Fact]
    public async Task Watch_LinkDroppedWithPushesHeldBack_SameConnectionEndsOnTheNewestValue()
    {
        await using var server = LoopbackServer.Start();
        await using var relay = LoopbackRelay.To(server.Port);
        await using var client = new EventDashboardClient(relay.BaseAddress, new EventDashboardClientOptions { Transport = ClientTransport.WebSockets });
        using var watcher = client.Value<int>("link").Watch();
        await server.PutAsync("link", 1);
        Assert.Equal(1, await watcher.GetAsync().Within());
        var connections = server.Services.GetRequiredService<HubConnections>();
        var connection = connections.All.Single();
        var accepted = relay.Accepted;

        // The pushes of 2 and 3 go out while nothing reaches the client, and whatever is on the wire is lost.
        relay.Pause();
        await server.PutAsync("link", 2);
        await server.PutAsync("link", 3);
        relay.DropAll();
        relay.Resume();

        Assert.Equal(3, await watcher.GetAsync(GetOptions<int>.Where(v => v == 3)).Within());
        Assert.True(relay.Accepted > accepted, "the client did not open a new TCP connection");

        // The server connection is the one from before the drop, with its subscription: no new hub connection was made.
        Assert.Same(connection, connections.All.Single());
        Assert.True(connection.IsSubscribed("link"));
        using var state = client.Connection.Watch();
        Assert.Equal(ConnectionState.Connected, await state.GetAsync().Within());

        // And it keeps delivering.
        await server.PutAsync("link", 4);
        Assert.Equal(4, await watcher.GetAsync().Within());
    }
}
