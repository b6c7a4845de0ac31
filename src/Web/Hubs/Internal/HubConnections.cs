using System.Collections.Concurrent;
using EventDashboard.Web.Auth.Internal;
using EventDashboard.Web.Operations;
using EventDashboard.Web.Values;
using Microsoft.AspNetCore.SignalR;

namespace EventDashboard.Web.Hubs.Internal;

/// <summary>The subscriptions of every open connection of <see cref="ValuesHub"/>, by connection id.</summary>
internal sealed partial class HubConnections
{
    private readonly ConcurrentDictionary<string, ConnectionSubscriptions> _connections = new(StringComparer.Ordinal);
    private readonly ValueRegistry _registry;
    private readonly PushMessages _messages = new();
    private readonly ILogger<ConnectionSubscriptions> _logger;
    private readonly EventDashboardMetrics _metrics;
    private readonly AccessKeys _keys;

    public HubConnections(ValueRegistry registry, ILogger<ConnectionSubscriptions> logger, EventDashboardMetrics metrics, IHostApplicationLifetime lifetime, AccessKeys keys)
    {
        _registry = registry;
        _logger = logger;
        _metrics = metrics;
        _keys = keys;

        // Kestrel waits for open connections until the host's shutdown timeout (30 s): a hub connection is closed
        // at once instead, with a close message that tells the client to reconnect (to this server once it is back,
        // or to another one behind the same address).
        lifetime.ApplicationStopping.Register(() =>
        {
            foreach (var connection in _connections.Values)
            {
                connection.TryClose("The server is shutting down; reconnect.", allowReconnect: true);
            }
        });

        // A connection is authorized once, when it opens, and its subscriptions push from then on. Every call checks
        // the key again (AccessHubFilter), but pushes do not: a connection whose key was revoked, or given another
        // role or other prefixes, is closed instead, so that nothing reaches it under rights it no longer has.
        keys.Changed += CloseOutdated;
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

    private void CloseOutdated()
    {
        foreach (var connection in _connections.Values)
        {
            if (AccessPrincipal.From(connection.User) is not { Name: { } name, KeyHash: { } hash } principal)
            {
                continue;
            }

            // A revoked key's client must not come back; one whose key changed reconnects under the key as it is now.
            // Configuration reloads may raise Changed more than once: a connection already closing is left as it is.
            if (_keys.FindCurrent(name, hash) is not { } key)
            {
                if (connection.TryClose(AccessDenial.Revoked(principal).HubMessage, allowReconnect: false))
                {
                    LogClosedForKeyChange(connection.ConnectionId, name, "revoked");
                }
            }
            else if ((key.Role != principal.Role || !key.Prefixes.SequenceEqual(principal.Prefixes, StringComparer.Ordinal))
                && connection.TryClose($"The key '{name}' changed (its role or prefixes); reconnect to act with it as it is now.", allowReconnect: true))
            {
                LogClosedForKeyChange(connection.ConnectionId, name, "changed");
            }
        }
    }
}
