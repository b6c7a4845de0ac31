using System.Runtime.CompilerServices;
using EventDashboard.Protocol;
using EventDashboard.Web.Values.Internal;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;

namespace EventDashboard.Web.Hubs.Internal;

/// <summary>
/// The pushes of <see cref="ValuesHub"/>, built once per Set (or watcher count change) and shared by every
/// subscription that sends it.
/// </summary>
/// <remarks>
/// Each subscription sends on its own schedule, newest only, so the hub cannot broadcast a Set the way
/// <c>Clients.All</c> does. What it can share is the serialization: a <see cref="SerializedHubMessage"/>
/// serializes its invocation once per protocol and hands the same bytes to every connection. The tables are
/// keyed by the registry's own objects (one per Set, one per count change), so an entry lives exactly as long
/// as some watcher can still return its key.
/// </remarks>
internal sealed class PushMessages
{
    private readonly ConditionalWeakTable<ValueState, SerializedHubMessage> _valueChanged = [];
    private readonly ConditionalWeakTable<WatchersChange, SerializedHubMessage> _watchersChanged = [];

    /// <summary>Gets the <see cref="HubMethods.ValueChanged"/> push of one Set, or the <see cref="HubMethods.ValueDeleted"/> push of a delete.</summary>
    /// <param name="state">The state the watcher returned.</param>
    /// <param name="watcher">The watcher that returned it; it makes the snapshot, with the watcher count at first use.</param>
    /// <returns>The shared message.</returns>
    public SerializedHubMessage ValueChanged(ValueState state, SnapshotWatcher watcher) =>
        _valueChanged.GetOrAdd(
            state,
            static (state, watcher) => state.Deleted
                ? Invocation(HubMethods.ValueDeleted, watcher.Value.ToDeletion(state))
                : Invocation(HubMethods.ValueChanged, watcher.ToSnapshot(state)),
            watcher);

    /// <summary>Gets the <see cref="HubMethods.WatchersChanged"/> push of one watcher count change.</summary>
    /// <param name="change">The change the watcher returned.</param>
    /// <returns>The shared message.</returns>
    public SerializedHubMessage WatchersChanged(WatchersChange change) =>
        _watchersChanged.GetOrAdd(change, static change => Invocation(HubMethods.WatchersChanged, change));

    private static SerializedHubMessage Invocation(string method, object argument) =>
        new(new InvocationMessage(method, [argument]));
}
