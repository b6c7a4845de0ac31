using System.Diagnostics;
using EventDashboard.Core;
using EventDashboard.Protocol;

namespace EventDashboard.Client.Internal;

/// <summary>
/// The client's single view of one hosted value, shared by all its local watchers: a local
/// <see cref="MemoryValue{T}"/> that mirrors the server's states (its snapshots, and that it does not exist), fed
/// by whichever transport is in use.
/// </summary>
/// <remarks>
/// <para>The store id decides. Within one store id versions only grow, across server restarts too, so a state
/// (a snapshot or a delete) is mirrored only when its version is above the last one mirrored from that store,
/// whichever connection delivered it: neither a late Subscribe answer nor the first answer after a reconnect can
/// undo a newer state. A state from another store id is mirrored whatever its version: that store counted from 1
/// again (a wiped data folder, a server on the in-memory store that restarted), and it is the server there is now.</para>
/// <para>Each connection is an epoch. A delivery from an epoch older than the newest one this subscription heard
/// of is dropped, so that a push still in flight from a server that is gone cannot replace the state of the store
/// that took its place.</para>
/// <para>A Subscribe answer of "does not exist" says neither version nor store. It is mirrored only when nothing
/// arrived since that Subscribe was sent (a push can overtake the answer, and is then the newer one), and it keeps
/// the store id and version that later states are compared with.</para>
/// <para>A server without store ids (an older one) gets the rule from before them: within an epoch versions only
/// grow, and the first snapshot of a new epoch is mirrored whenever it differs from the last one (version or
/// time), because such a server may have restarted and counted from 1 again. Its "not found" is not mirrored.</para>
/// <para>Local watchers never see versions, only values, and the mirror's own version keeps growing, so they never
/// see an older value after a newer one. A remote watcher skips the states that say the value does not exist: to
/// it, a deleted value is one not set yet.</para>
/// </remarks>
[DebuggerDisplay("{Name}, Store = {_storeId}, Version = {_version}, Epoch = {_epoch}, Watchers = {LocalWatchers}")]
internal sealed class Subscription
{
    // A logical clock: only the order of its ticks matters. One for the process rather than one per subscription,
    // so that a write's ticks compare with those of a Subscription made while it was in flight.
    private static long s_clock;

    private readonly Lock _lock = new();
    private readonly MemoryValue<Mirrored> _mirror = new();

    // What arrived on the newest epoch, applied or not, for the waits of read-your-writes (WaitForAsync).
    private readonly MemoryValue<Progress> _progress = new();
    private Progress _published;

    // The newest epoch heard of, from a delivery or a read sent; deliveries of older epochs are dropped.
    private long _epoch;

    // What a new state is compared with: the store and version of the last state mirrored.
    private string? _storeId;
    private long _version;
    private DateTimeOffset _updatedAt;
    private bool _exists;

    // For snapshots without a store id: the epoch of the last one that arrived.
    private long _epochWithoutStoreId;

    // The tick of the last delivery, against which a Subscribe answer without a version tells whether a push overtook it.
    private long _deliveredAt;

    // Completed once the server told this subscription where the value stands (a snapshot, or that it does not
    // exist). Until then a backlog-only Get cannot know whether a value is pending, so it waits for this.
    private TaskCompletionSource _known = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Subscription(string name)
    {
        Name = name;
    }

    /// <summary>Gets the current tick of the logical clock that orders reads, deliveries and writes.</summary>
    public static long Clock => Volatile.Read(ref s_clock);

    public string Name { get; }

    /// <summary>Gets or sets the number of local watchers; guarded by the owning <see cref="SubscriptionSet"/>'s lock.</summary>
    public int LocalWatchers { get; set; }

    public IValueWatch<Mirrored> Mirror => _mirror;

    /// <summary>Gets a task that completes once the server has told where the value stands.</summary>
    public Task Known
    {
        get
        {
            lock (_lock)
            {
                return _known.Task;
            }
        }
    }

    /// <summary>Mirrors a state the server pushed (or answered to a poll or a write) if it is newer than the mirror's.</summary>
    /// <param name="state">The server's state.</param>
    /// <param name="epoch">The epoch of the connection that delivered it.</param>
    /// <returns><see langword="true"/> when the mirror took it.</returns>
    public bool Apply(RemoteState state, long epoch) => Apply(state, epoch, wakeInline: false, out _);

    /// <summary>
    /// Mirrors a state the hub pushed, like <see cref="Apply(RemoteState, long)"/>, and wakes one local Get parked for
    /// it here, on the calling thread, once no lock is held; any others wake on the thread pool.
    /// </summary>
    /// <remarks>
    /// For the hub connection's handler only. It runs on the connection's dispatch loop, which runs handlers one at a
    /// time but is not the loop that reads the socket: the answers to invocations (a Set's, a Subscribe's) go on
    /// arriving while the woken code runs. What that code does until its first await delays this connection's next
    /// push, exactly as a handler of a plain <c>HubConnection</c> would; see <see cref="SubscriptionSet.IsDispatching"/>
    /// for the one wait of the client's own that would need that next push.
    /// </remarks>
    /// <param name="state">The server's state.</param>
    /// <param name="epoch">The epoch of the connection that delivered it.</param>
    public void ApplyPush(RemoteState state, long epoch)
    {
        Apply(state, epoch, wakeInline: true, out var wake);

        // After the lock: the woken Get's continuation may call straight back into this subscription.
        wake.Run();
    }

    private bool Apply(RemoteState state, long epoch, bool wakeInline, out MemoryValue<Mirrored>.InlineWake wake)
    {
        wake = default;
        lock (_lock)
        {
            // Completed after the mirror is set (below), so a Get that waited for it sees the value.
            var known = _known;
            try
            {
                if (epoch < _epoch)
                {
                    return false;
                }

                _epoch = epoch;
                _deliveredAt = Tick();
                var taken = TakeLocked(state, epoch, wakeInline, out wake);
                RecordLocked(epoch, state.Version, readAt: 0, versionless: false);
                return taken;
            }
            finally
            {
                known.TrySetResult();
            }
        }
    }

    /// <summary>Notes that a read of the value (a Subscribe, or a GET) is about to be sent.</summary>
    /// <param name="epoch">The epoch of the connection it is sent on.</param>
    /// <returns>The read's tick, for <see cref="ApplyAnswer"/>.</returns>
    public long BeginRead(long epoch)
    {
        lock (_lock)
        {
            // The answer comes from the server of this epoch: from now on, what an older connection still delivers is stale.
            _epoch = Math.Max(_epoch, epoch);
            return Tick();
        }
    }

    /// <summary>Mirrors the answer to a read begun with <see cref="BeginRead"/> if it is newer than the mirror's.</summary>
    /// <param name="answer">The state read, or <see langword="null"/> for a Subscribe answer of "does not exist", which says no version.</param>
    /// <param name="epoch">The epoch of the connection that answered.</param>
    /// <param name="read">The tick <see cref="BeginRead"/> returned.</param>
    /// <returns><see langword="true"/> when the mirror took it.</returns>
    public bool ApplyAnswer(RemoteState? answer, long epoch, long read)
    {
        lock (_lock)
        {
            var known = _known;
            try
            {
                if (epoch < _epoch)
                {
                    return false;
                }

                _epoch = epoch;
                if (answer is { } state)
                {
                    _deliveredAt = Tick();
                    var taken = TakeLocked(state, epoch, wakeInline: false, out _);
                    RecordLocked(epoch, state.Version, read, versionless: false);
                    return taken;
                }

                // A push that arrived after the Subscribe was sent belongs to that subscription: the server sent it
                // a version above the one before the Subscribe, which this answer cannot be newer than.
                var overtaken = _deliveredAt > read;
                var absent = !overtaken && TakeAbsentLocked();
                RecordLocked(epoch, 0, read, versionless: true);
                return absent;
            }
            finally
            {
                known.TrySetResult();
            }
        }
    }

    /// <summary>Forgets that the value is known, when the server subscription ends: the mirror may go stale.</summary>
    public void Forget()
    {
        lock (_lock)
        {
            if (_known.Task.IsCompleted)
            {
                _known = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
    }

    /// <summary>
    /// Waits until the mirror holds <paramref name="write"/> or something newer: a state of at least its version from
    /// its epoch, an answer to a read sent after it, or anything from a later epoch (the write's connection is gone,
    /// and the next one answers with the server's state as it is since).
    /// </summary>
    /// <remarks>
    /// A Subscribe answer of "does not exist" that arrived after the write was sent may come from before the write
    /// (a push of the write then follows) or after it (the value was deleted since, and nothing follows). With
    /// <paramref name="returnWhenUnsure"/> the wait then ends with <see langword="false"/>, so that the caller reads
    /// the value (<see cref="BeginRead"/>, <see cref="ApplyAnswer"/>) and waits again without it.
    /// </remarks>
    /// <param name="write">The write of this client.</param>
    /// <param name="returnWhenUnsure">Whether to return when only such an answer stands in the way.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>A task whose result is <see langword="true"/> when local watchers can see the write or newer, <see langword="false"/> when unsure.</returns>
    public async ValueTask<bool> WaitForAsync(Write write, bool returnWhenUnsure, CancellationToken cancellationToken)
    {
        using var watcher = _progress.Watch();
        var progress = await watcher.GetAsync(
            GetOptions<Progress>.Where(p => Holds(p, write) || (returnWhenUnsure && Unsure(p, write))),
            cancellationToken).ConfigureAwait(false);
        return Holds(progress, write);
    }

    private static long Tick() => Interlocked.Increment(ref s_clock);

    private static bool Holds(Progress progress, Write write) =>
        progress.Epoch > write.Epoch
        || (progress.Epoch == write.Epoch && (progress.Version >= write.Version || progress.ReadAt > write.AnsweredAt));

    private static bool Unsure(Progress progress, Write write) =>
        progress.Epoch == write.Epoch && progress.VersionlessAt > write.SentAt;

    private bool TakeLocked(RemoteState state, long epoch, bool wakeInline, out MemoryValue<Mirrored>.InlineWake wake)
    {
        Debug.Assert(_lock.IsHeldByCurrentThread);
        wake = default;
        var take = state.StoreId is { } storeId
            ? storeId != _storeId || state.Version > _version
            : state.Snapshot is { } snapshot && TakeWithoutStoreIdLocked(snapshot, epoch);
        if (!take)
        {
            return false;
        }

        _storeId = state.StoreId;
        _version = state.Version;
        _updatedAt = state.Snapshot?.UpdatedAt ?? default;
        _exists = state.Snapshot is not null;

        // Set under the lock, so two deliveries cannot reach the mirror in the other order. A Get handed off to the
        // caller has its value already; only its continuation waits for the caller (ApplyPush).
        var mirrored = new Mirrored(state.Snapshot, state.Version);
        if (wakeInline)
        {
            wake = _mirror.SetWakingOneInline(mirrored);
        }
        else
        {
            _mirror.Set(mirrored);
        }

        return true;
    }

    // The rule from before store ids, for a server that sends none.
    private bool TakeWithoutStoreIdLocked(ValueSnapshot snapshot, long epoch)
    {
        Debug.Assert(_lock.IsHeldByCurrentThread);
        var firstOfEpoch = epoch > _epochWithoutStoreId;
        _epochWithoutStoreId = epoch;

        // After a state of a server with store ids this is another server; after "does not exist" (a Subscribe
        // answer, which only a later push can follow) any snapshot is newer.
        if (_storeId is not null || !_exists)
        {
            return true;
        }

        return firstOfEpoch
            ? snapshot.Version != _version || snapshot.UpdatedAt != _updatedAt
            : snapshot.Version > _version;
    }

    private bool TakeAbsentLocked()
    {
        Debug.Assert(_lock.IsHeldByCurrentThread);
        if (!_exists)
        {
            // The mirror holds nothing yet, or already that the value does not exist.
            return false;
        }

        _exists = false;
        _mirror.Set(new Mirrored(null, 0));
        return true;
    }

    // Published after the mirror is set, so a write that waited for it finds its state there.
    private void RecordLocked(long epoch, long version, long readAt, bool versionless)
    {
        Debug.Assert(_lock.IsHeldByCurrentThread);
        Debug.Assert(epoch >= _published.Epoch, "a delivery of an older epoch is dropped before it gets here");
        var last = epoch == _published.Epoch ? _published : new Progress(epoch, 0, 0, 0);
        var next = new Progress(
            epoch,
            Math.Max(last.Version, version),
            Math.Max(last.ReadAt, readAt),
            versionless ? Tick() : last.VersionlessAt);
        if (next != _published)
        {
            _published = next;
            _progress.Set(next);
        }
    }

    /// <summary>What arrived on the newest epoch, as read-your-writes needs it.</summary>
    /// <param name="Epoch">The newest epoch on which anything arrived.</param>
    /// <param name="Version">The highest version that arrived on it.</param>
    /// <param name="ReadAt">The tick at which the newest read answered on it was sent.</param>
    /// <param name="VersionlessAt">The tick at which the last answer without a version arrived on it.</param>
    private readonly record struct Progress(long Epoch, long Version, long ReadAt, long VersionlessAt);
}
