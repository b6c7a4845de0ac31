using System.Diagnostics;
using EventDashboard.Core;
using EventDashboard.Web.Storage.Internal;
using EventDashboard.Web.Values.Internal;

namespace EventDashboard.Web.Values;

/// <summary>What changes when the store is shared by several servers (etcd): the mirror publishes, etcd decides.</summary>
public sealed partial class ValueRegistry
{
    private readonly Lock _staleLock = new();

    // StaleReason as a value set at each flip (never before the first), so the hub can tell its connections.
    private readonly MemoryValue<bool> _staleness = new();
    private string? _stale;

    // Cancelled when the server loses its shared store, and replaced when it follows it again (under _staleLock).
    private CancellationTokenSource _storeLost = new();

    /// <summary>
    /// Gets why this server cannot follow its shared store now, or <see langword="null"/> while it can (always, for a
    /// store of its own). While it is set, reads are served from this server's copy, which may be behind
    /// (<c>X-Stale: true</c>), and writes are refused.
    /// </summary>
    public string? StaleReason => Volatile.Read(ref _stale);

    /// <summary>Watches whether <see cref="StaleReason"/> is set: each Get returns the state after a flip, newest only.</summary>
    /// <returns>A watcher whose first Get waits for the first time the server cannot follow its store.</returns>
    internal IWatcher<bool> WatchStale() => _staleness.Watch();

    /// <summary>
    /// Gets a token that is cancelled when the server loses its shared store, or <see cref="CancellationToken.None"/>
    /// while it has lost it already: a wait that started while the server followed the store ends at the loss.
    /// </summary>
    internal CancellationToken StoreLost
    {
        get
        {
            lock (_staleLock)
            {
                return _stale is null ? _storeLost.Token : CancellationToken.None;
            }
        }
    }

    // Records some server committed, in index order: the one way a shared store's states and log change here.
    private void ApplyCommitted(IReadOnlyList<SetRecord> records)
    {
        // Under the Set lock: a Set accepted after this sees these versions, and one accepted before was numbered
        // on the older state, so its commit's compare fails and it is numbered again (Retry).
        lock (_setLock)
        {
            var committed = new List<(HostedValue Target, ValueState State, SetRecord Record)>(records.Count);
            foreach (var record in records)
            {
                var hosted = GetOrAdd(record.Name);
                var entry = record.Entry;
                if (record.Index <= _durableIndex || entry.Version <= hosted.Version)
                {
                    // Loaded at open already, or read again by a resync.
                    continue;
                }

                committed.Add((hosted, new ValueState(entry.Version, entry.Value, entry.SetAt, entry.Deleted, record.Index), record));
                if (entry.Version > hosted.AcceptedVersion)
                {
                    hosted.AcceptedVersion = entry.Version;
                    hosted.AcceptedExists = !entry.Deleted;
                }
            }

            if (committed.Count == 0)
            {
                return;
            }

            Debug.Assert(committed.Zip(committed.Skip(1)).All(p => p.First.Record.Index < p.Second.Record.Index), "The mirror applies records in index order.");
            _acceptedIndex = Math.Max(_acceptedIndex, committed[^1].Record.Index);
            PublishRecords(committed);
        }
    }

    private void SetStale(string? reason)
    {
        // Under a lock, so that the flips reach the watchers in the order they happened.
        lock (_staleLock)
        {
            var was = Interlocked.Exchange(ref _stale, reason);
            if (reason is not null && was is null)
            {
                LogStale(reason);
                _staleness.Set(true);

                // Not disposed: a waiter may still be linking to its token; without a timer it holds nothing.
                _storeLost.Cancel();
            }
            else if (reason is null && was is not null)
            {
                LogFollowedAgain();
                _staleness.Set(false);
                _storeLost = new CancellationTokenSource();
            }
        }
    }

    /// <summary>The registry as its shared store's follower; a type of its own, so the interface stays internal.</summary>
    private sealed class Follower(ValueRegistry registry) : IStoreFollower
    {
        public void ApplyCommitted(IReadOnlyList<SetRecord> records) => registry.ApplyCommitted(records);

        public void SetStale(string? reason) => registry.SetStale(reason);
    }
}
