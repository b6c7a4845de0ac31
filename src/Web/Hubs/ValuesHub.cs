using System.Text.Json;
using EventDashboard.Protocol;
using EventDashboard.Web.Auth.Internal;
using EventDashboard.Web.Hubs.Internal;
using EventDashboard.Web.Values;
using Microsoft.AspNetCore.SignalR;

namespace EventDashboard.Web.Hubs;

/// <summary>
/// The hub at <c>/hubs/values</c>. Clients subscribe to values and receive <see cref="HubMethods.ValueChanged"/>,
/// <see cref="HubMethods.ValueDeleted"/> and <see cref="HubMethods.WatchersChanged"/> pushes, newest only: while a send to a connection is in flight,
/// later versions of the same value replace each other instead of queueing.
/// </summary>
/// <remarks>
/// A push may overtake the answer of the <see cref="Subscribe"/> call that started it, so a client keeps the
/// snapshot with the highest version. Every error a caller can cause is a <see cref="HubException"/>.
/// </remarks>
internal sealed class ValuesHub : Hub
{
    private readonly ValueRegistry _registry;
    private readonly HubConnections _connections;

    public ValuesHub(ValueRegistry registry, HubConnections connections)
    {
        _registry = registry;
        _connections = connections;
    }

    /// <summary>Subscribes this connection to a value; pushes of newer versions follow.</summary>
    /// <param name="name">The value's name; it need not be set yet.</param>
    /// <returns>The current snapshot, or <see langword="null"/> when the value was never set.</returns>
    public ValueSnapshot? Subscribe(string name)
    {
        RequireValidName(name);

        // A name outside the key's prefixes is as if it did not exist, and never will for this connection.
        if (!Principal.Covers(name))
        {
            return null;
        }

        var known = _registry.GetVersion(name);
        Subscriptions.Subscribe(name, known);

        // Read again after subscribing so the answer counts this subscription among the watchers. A Set in
        // between is pushed as well; the client keeps the higher version.
        return _registry.Get(name) is { } snapshot ? MarkStale(snapshot) : null;
    }

    /// <summary>Stops the pushes of a value to this connection.</summary>
    /// <param name="name">The value's name.</param>
    /// <returns>A task that completes when the subscription has ended.</returns>
    public Task Unsubscribe(string name)
    {
        RequireValidName(name);
        return Subscriptions.UnsubscribeAsync(name);
    }

    /// <summary>Subscribes this connection to every value, including values set for the first time later.</summary>
    /// <returns>The snapshots of all values set so far, sorted by name.</returns>
    public IReadOnlyList<ValueSnapshot> SubscribeAll() => SubscribePrefix(string.Empty);

    /// <summary>
    /// Subscribes this connection to every value whose name starts with <paramref name="prefix"/>, including values
    /// created under it later; each is pushed newest-only, as with <see cref="Subscribe"/>.
    /// </summary>
    /// <param name="prefix">The name prefix, such as <c>app.</c>; empty for every value.</param>
    /// <returns>The snapshots of the values under the prefix now, sorted by name.</returns>
    public IReadOnlyList<ValueSnapshot> SubscribePrefix(string prefix)
    {
        if (!ValueName.IsValidPrefix(prefix))
        {
            throw new HubException(ValueName.DescribePrefix(prefix));
        }

        // A key limited to prefixes follows only the part of the prefix it may read.
        var principal = Principal;
        var all = new List<ValueSnapshot>();
        foreach (var visible in principal.Narrow(prefix))
        {
            var known = _registry.List(visible);
            Subscriptions.SubscribePrefix(visible, known);
            all.AddRange(known);
        }

        // Read again after subscribing, as Subscribe does, so the counts include this connection's subscriptions.
        // An array, here and in List: a collection expression (as the registry returns) is a compiler-generated list
        // type, which the MessagePack protocol cannot write (it finds no constructor for it and closes the connection).
        return all.DistinctBy(s => s.Name).OrderBy(s => s.Name, StringComparer.Ordinal).Select(s => MarkStale(_registry.Get(s.Name) ?? s)).ToArray();
    }

    /// <summary>Sets a value.</summary>
    /// <param name="name">The value's name.</param>
    /// <param name="value">The JSON document.</param>
    /// <param name="expectedVersion">For compare-and-set, the version the value must have now (0: never set); <see langword="null"/> to set unconditionally.</param>
    /// <returns>The new version, once the Set is durable.</returns>
    public async Task<long> Set(string name, JsonElement value, long? expectedVersion)
    {
        RequireWritable(name);
        var outcome = await _registry.SetAsync(name, value, Origin, expectedVersion);
        return outcome.Succeeded ? outcome.Snapshot!.Version : throw new HubException(outcome.Detail);
    }

    /// <summary>Deletes a value; subscribers get <see cref="HubMethods.ValueDeleted"/>.</summary>
    /// <param name="name">The value's name.</param>
    /// <param name="expectedVersion">For compare-and-delete, the version the value must have now; <see langword="null"/> to delete it whatever it is.</param>
    /// <returns>The version of the delete, once it is durable.</returns>
    public async Task<long> Delete(string name, long? expectedVersion)
    {
        RequireWritable(name);
        var outcome = await _registry.DeleteAsync(name, Origin, expectedVersion);
        return outcome.Deletion is { } deletion ? deletion.Version : throw new HubException(outcome.Detail);
    }

    /// <summary>Lists every value without subscribing.</summary>
    /// <returns>The snapshots of all values set so far, sorted by name.</returns>
    public IReadOnlyList<ValueSnapshot> List()
    {
        var principal = Principal;
        return _registry.List().Where(s => principal.Covers(s.Name)).Select(MarkStale).ToArray();
    }

    private ConnectionSubscriptions Subscriptions => _connections.Get(Context.ConnectionId);

    private SetOrigin Origin => new(SetSource.Hub, Context.GetHttpContext()?.Connection.RemoteIpAddress?.ToString(), Principal.Name);

    // AccessHubFilter has checked the principal, its role and its rate limit before any method runs.
    private AccessPrincipal Principal =>
        AccessPrincipal.From(Context.User) ?? throw new HubException(AccessDenial.NoCredential.HubMessage);

    private void RequireWritable(string name)
    {
        RequireValidName(name);
        if (!Principal.Covers(name))
        {
            throw new HubException(AccessDenial.OutsidePrefixes(Principal, name).HubMessage);
        }
    }

    // An answer is the server's own copy; while it cannot follow the shared store (etcd), that copy may be behind,
    // and the caller is told so in the answer, as HTTP callers are by the X-Stale header. Pushes need no mark: they
    // only come from the store.
    private ValueSnapshot MarkStale(ValueSnapshot snapshot) => _registry.StaleReason is null ? snapshot : snapshot with { Stale = true };

    private static void RequireValidName(string name)
    {
        if (!ValueName.IsValid(name))
        {
            throw new HubException(ValueName.Describe(name));
        }
    }
}
