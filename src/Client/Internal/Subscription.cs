using System.Diagnostics;
using EventDashboard.Core;

namespace EventDashboard.Client.Internal;

/// <summary>
/// The client's single view of one hosted value, shared by all its local watchers: a local
/// <see cref="MemoryValue{T}"/> that mirrors the server's snapshots, fed by whichever transport is in use.
/// </summary>
/// <remarks>
/// <para>Within one epoch (one connection) the server's versions only grow, so a snapshot is mirrored only
/// when its version is above the last one: a late Subscribe answer can never undo a newer push.</para>
/// <para>A new epoch starts after every reconnect. Its first snapshot is mirrored whenever it differs from the
/// last one (version or time), even when its version is lower: a server that restarted counts again from 1,
/// and its value is still the newest there is. Local watchers never see versions, only values, and the local
/// mirror's own version keeps growing, so they still never see an older value after a newer one.</para>
/// </remarks>
[DebuggerDisplay("{Name}, Version = {_version}, Epoch = {_epoch}, Watchers = {LocalWatchers}")]
internal sealed class Subscription
{
    private readonly Lock _lock = new();
    private readonly MemoryValue<Mirrored> _mirror = new();
    private long _epoch;
    private long _version;
    private DateTimeOffset _updatedAt;

    // Completed once the server told this subscription where the value stands (a snapshot, or that it does
    // not exist). Until then a backlog-only Get cannot know whether a value is pending, so it waits for this.
    private TaskCompletionSource _known = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Subscription(string name)
    {
        Name = name;
    }

    public string Name { get; }

    /// <summary>Gets or sets the number of local watchers; guarded by the owning <see cref="SubscriptionSet"/>'s lock.</summary>
    public int LocalWatchers { get; set; }

    public IValueWatch<Mirrored> Mirror => _mirror;

    /// <summary>Mirrors <paramref name="snapshot"/> if it is newer than what the watchers have seen.</summary>
    /// <param name="snapshot">The server's snapshot, or <see langword="null"/> when the value does not exist.</param>
    /// <param name="epoch">The epoch of the connection that delivered it.</param>
    /// <returns><see langword="true"/> when local watchers will see it.</returns>
    public bool Apply(ValueSnapshot? snapshot, long epoch)
    {
        lock (_lock)
        {
            // Completed after the mirror is set (below), so a Get that waited for it sees the value.
            var known = _known;
            try
            {
                return ApplyLocked(snapshot, epoch);
            }
            finally
            {
                known.TrySetResult();
            }
        }
    }

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

    private bool ApplyLocked(ValueSnapshot? snapshot, long epoch)
    {
        Debug.Assert(_lock.IsHeldByCurrentThread);
        if (snapshot is null)
        {
            return false;
        }

        if (epoch < _epoch)
        {
            return false;
        }

        if (epoch > _epoch)
        {
            _epoch = epoch;
            if (snapshot.Version == _version && snapshot.UpdatedAt == _updatedAt)
            {
                return false;
            }
        }
        else if (snapshot.Version <= _version)
        {
            return false;
        }

        _version = snapshot.Version;
        _updatedAt = snapshot.UpdatedAt;

        // Set under the lock, so two deliveries cannot reach the mirror in the other order.
        _mirror.Set(new Mirrored(snapshot, epoch));
        return true;
    }

    /// <summary>
    /// Waits until the mirror holds <paramref name="version"/> or newer from <paramref name="epoch"/>, or
    /// anything from a later epoch (the server restarted, so that version will never come).
    /// </summary>
    /// <param name="version">The version a Set of this client made.</param>
    /// <param name="epoch">The epoch in which it was made.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>A task that completes when local watchers can see that version.</returns>
    public async ValueTask WaitForAsync(long version, long epoch, CancellationToken cancellationToken)
    {
        using var watcher = _mirror.Watch();
        await watcher.GetAsync(
            GetOptions<Mirrored>.Where(m => m.Epoch > epoch || m.Snapshot.Version >= version),
            cancellationToken).ConfigureAwait(false);
    }
}
