using System.Collections.Concurrent;
using EventDashboard.Web.Values;
using Microsoft.AspNetCore.SignalR;

namespace EventDashboard.Web.Hubs.Internal;

/// <summary>The subscriptions of every open connection of <see cref="ValuesHub"/>, by connection id.</summary>
internal sealed class HubConnections
{
    private readonly ConcurrentDictionary<string, ConnectionSubscriptions> _connections = new(StringComparer.Ordinal);
    private readonly ValueRegistry _registry;
    private readonly IHubContext<ValuesHub> _hub;
    private readonly ILogger<ConnectionSubscriptions> _logger;

    public HubConnections(ValueRegistry registry, IHubContext<ValuesHub> hub, ILogger<ConnectionSubscriptions> logger)
    {
        _registry = registry;
        _hub = hub;
        _logger = logger;
    }

    public ICollection<ConnectionSubscriptions> All => _connections.Values;

    public void Open(string connectionId) =>
        _connections.TryAdd(connectionId, new ConnectionSubscriptions(connectionId, _registry, _hub.Clients.Client(connectionId), _logger));

    public ConnectionSubscriptions Get(string connectionId) =>
        _connections.TryGetValue(connectionId, out var connection)
            ? connection
            : throw new HubException("This connection is closing; reconnect to subscribe.");

    public async Task CloseAsync(string connectionId)
    {
        if (_connections.TryRemove(connectionId, out var connection))
        {
            await connection.DisposeAsync();
        }
    }
}
