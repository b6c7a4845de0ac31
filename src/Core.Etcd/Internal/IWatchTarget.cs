using Google.Protobuf.Collections;
using Mvccpb;

namespace EventDashboard.Core.Etcd.Internal;

/// <summary>
/// What a <see cref="WatchFeed"/> keeps up to date. The feed calls it from one loop, in etcd's revision order, so
/// an implementation needs no lock against the feed itself; it must stay cheap and never block, because the feed
/// reads the next response only when a call returned (that is the backpressure the library's callbacks lack).
/// </summary>
internal interface IWatchTarget
{
    /// <summary>Gets the revision up to which the target has every change (0 before the first snapshot).</summary>
    long Revision { get; }

    /// <summary>
    /// Reads the watched range afresh and applies it (at first, and after etcd compacted past <see cref="Revision"/>),
    /// leaving <see cref="Revision"/> at the revision it read: the watch continues after it.
    /// </summary>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>A task that completes when the snapshot is applied.</returns>
    /// <exception cref="Exception">Anything: the feed reports it through <see cref="SetConnected"/> and tries again.</exception>
    Task ResyncAsync(CancellationToken cancellationToken);

    /// <summary>Applies changes that follow <see cref="Revision"/>, oldest first.</summary>
    /// <param name="events">The changes of one watch response.</param>
    void ApplyEvents(RepeatedField<Event> events);

    /// <summary>Learns that every change up to <paramref name="revision"/> was delivered (a progress notification).</summary>
    /// <param name="revision">The cluster's revision when the notification was sent.</param>
    void ApplyProgress(long revision);

    /// <summary>Learns whether the feed follows etcd live (a watch is open) or has lost it and is trying again.</summary>
    /// <param name="connected"><see langword="true"/> once a watch is open; <see langword="false"/> when it broke.</param>
    /// <param name="error">Why it broke, when it did.</param>
    void SetConnected(bool connected, Exception? error);
}
