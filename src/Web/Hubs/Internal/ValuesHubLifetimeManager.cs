using Microsoft.AspNetCore.SignalR;

namespace EventDashboard.Web.Hubs.Internal;

/// <summary>
/// The lifetime manager of <see cref="ValuesHub"/>: the framework's own, plus the subscriptions of each
/// connection, which it opens and closes with the connection.
/// </summary>
/// <remarks>
/// The subscriptions write pre-serialized pushes straight to the <see cref="HubConnectionContext"/>, and a
/// lifetime manager is the one place the framework hands that object out. Everything else (groups, users,
/// <c>IHubContext</c> sends) stays the default's.
/// </remarks>
internal sealed class ValuesHubLifetimeManager : DefaultHubLifetimeManager<ValuesHub>
{
    private readonly HubConnections _connections;

    public ValuesHubLifetimeManager(HubConnections connections, ILogger<DefaultHubLifetimeManager<ValuesHub>> logger)
        : base(logger)
    {
        _connections = connections;
    }

    /// <inheritdoc/>
    public override async Task OnConnectedAsync(HubConnectionContext connection)
    {
        await base.OnConnectedAsync(connection);
        _connections.Open(connection);
    }

    /// <inheritdoc/>
    public override async Task OnDisconnectedAsync(HubConnectionContext connection)
    {
        // Stops every delivery loop before the framework forgets the connection.
        await _connections.CloseAsync(connection.ConnectionId);
        await base.OnDisconnectedAsync(connection);
    }
}
