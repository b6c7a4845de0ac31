using System.Collections.Concurrent;
using EventDashboard.Web.Operations;
using EventDashboard.Web.Values;
using Microsoft.AspNetCore.SignalR;

namespace EventDashboard.Web.Hubs.Internal;

/// <summary>The subscriptions of every open connection of <see cref="ValuesHub"/>, by connection id.</summary>
internal sealed class HubConnections
{
    private readonly ConcurrentDictionary<string, ConnectionSubscriptions> _connections = new(StringComparer.Ordinal);
    private readonly ValueRegistry _registry;
    private readonly PushMessages _messages = new();
    private readonly ILogger<ConnectionSubscriptions> _logger;
    private readonly EventDashboardMetrics _metrics;

    public HubConnections(ValueRegistry registry, ILogger<ConnectionSubscriptions> logger, EventDashboardMetrics metrics, IHostApplicationLifetime lifetime)
    {
        _registry = registry;
        _logger = logger;
        _metrics = metrics;

        // Kestrel waits for open connections until the host's shutdown timeout (30 s): a hub connection is closed
        // at once instead, with a close message that tells the client to reconnect (to this server once it is back,
        // or to another one behind the same address).
        lifetime.ApplicationStopping.Register(() =>
        {
            foreach (var connection in _connections.Values)
            {
                _ = connection.CloseForShutdownAsync();
            }
        });
    }

    public ICollection<ConnectionSubscriptions> All => _connections.Values;

    public void Open(HubConnectionContext connection)
    {
        if (_connections.TryAdd(connection.ConnectionId, new ConnectionSubscriptions(connection, _registry, _messages, _logger, _metrics)))
        {
            _metrics.HubConnectionsChanged(1);
        }
    }

    public ConnectionSubscriptions Get(string connectionId) =>
        _connections.TryGetValue(connectionId, out var connection)
            ? connection
            : throw new HubException("This connection is closing; reconnect to subscribe.");

    public async Task CloseAsync(string connectionId)
    {
        if (_connections.TryRemove(connectionId, out var connection))
        {
            _metrics.HubConnectionsChanged(-1);
            await connection.DisposeAsync();
        }
    }
}
