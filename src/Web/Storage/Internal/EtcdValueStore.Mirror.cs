using System.Diagnostics;
using EventDashboard.Core.Etcd.Internal;
using EventDashboard.Web.Values;
using Google.Protobuf.Collections;
using Mvccpb;

namespace EventDashboard.Web.Storage.Internal;

/// <summary>The mirror: every server's commits under the prefix, handed to this server's registry in revision order (and its key changes to the key follower).</summary>
internal sealed partial class EtcdValueStore
{
    // What the mirror has applied: the revision (for commits waiting to be seen) and the log index (so a record
    // is handed over once, also when a resync reads it again).
    private readonly RevisionGate _applied = new();
    private readonly CancellationTokenSource _stop = new();
    private IStoreFollower? _follower;
    private Task _following = Task.CompletedTask;
    private long _appliedIndex;

    public void Follow(IStoreFollower follower)
    {
        Debug.Assert(_follower is null, "A store is followed by one registry.");
        _follower = follower;
        _applied.Advance(_readRevision);
        var feed = new WatchFeed(_connection, _keys.All, EtcdKeys.End(_keys.All), new MirrorTarget(this));
        _following = Task.Run(() => feed.RunAsync(_stop.Token));
    }

    private async Task StopFollowingAsync()
    {
        await _stop.CancelAsync();
        await _following;
        _stop.Dispose();
    }

    // A commit is answered once this server shows it: a watcher that starts after the answer sees it. Bounded, so
    // that a broken watch cannot hold a Set forever; the Set then fails, though etcd has it (an ambiguous outcome).
    private async Task MirroredAsync(long revision, CancellationToken cancellationToken)
    {
        if (_follower is null)
        {
            return;
        }

        try
        {
            await _applied.WaitAsync(revision, cancellationToken).WaitAsync(_connection.Options.RequestTimeout * 2, cancellationToken);
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException(
                $"etcd committed revision {revision}, but this server's mirror did not show it within {(_connection.Options.RequestTimeout * 2).TotalSeconds:0.#} s; it will once its watch catches up.",
                ex);
        }
    }

    private void Apply(IEnumerable<SetRecord> records)
    {
        var fresh = records.Where(r => r.Index > _appliedIndex).OrderBy(r => r.Index).ToList();
        if (fresh.Count > 0)
        {
            _follower!.ApplyCommitted(fresh);
            _appliedIndex = fresh[^1].Index;
        }
    }

    /// <summary>Turns the prefix's events into records for the registry.</summary>
    private sealed class MirrorTarget(EtcdValueStore store) : IWatchTarget
    {
        public long Revision => store._applied.Revision;

        // After etcd compacted past the mirror: the newest record of each name, as of one revision. What happened
        // in between is in the store, where log readers find it.
        public async Task ResyncAsync(CancellationToken cancellationToken)
        {
            var state = await store.ReadStateAsync(cancellationToken);
            store.Apply(state.Newest);
            store._applied.Advance(store._readRevision);
        }

        public void ApplyEvents(RepeatedField<Event> events)
        {
            // The keys, the records, then the revision: a commit waiting for its revision finds its records applied,
            // and whoever sees a record here sees every key change committed before it (revoked keys are refused).
            store.ApplyKeyEvents(events);
            store.Apply(events
                .Where(e => e.Type == Event.Types.EventType.Put && e.Kv.Key.Span.StartsWith(store._keys.LogPrefix.Span))
                .Select(e => EtcdRecords.Read(e.Kv.Value)));
            store._applied.Advance(events[^1].Kv.ModRevision);
        }

        public void ApplyProgress(long revision) => store._applied.Advance(revision);

        public void SetConnected(bool connected, Exception? error) =>
            store._follower!.SetStale(connected ? null : $"etcd ({store._connection.Endpoints}) cannot be reached: {error?.Message}");
    }
}
