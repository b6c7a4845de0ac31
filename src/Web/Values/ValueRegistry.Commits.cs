using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using EventDashboard.Core;
using EventDashboard.Protocol;
using EventDashboard.Web.Storage.Internal;
using EventDashboard.Web.Values.Internal;

namespace EventDashboard.Web.Values;

/// <summary>The group commit loop, loading the store's state, and reading the log back from the store.</summary>
public sealed partial class ValueRegistry
{
    // The one writer of the store and of the log. Each round takes whatever is queued: while one commit (one
    // fsync) is in flight, the Sets that arrive queue up and make the next group.
    private async Task CommitLoopAsync()
    {
        var reader = _queue.Reader;
        var group = new List<PendingSet>();
        var maxSets = Math.Min(MaxGroup, _store.MaxGroupSets);
        while (await reader.WaitToReadAsync())
        {
            // A group also stays within what one store request may carry (etcd's), but always takes one Set.
            long bytes = 0;
            while (group.Count < maxSets && reader.TryPeek(out var next))
            {
                var size = JsonMarshal.GetRawUtf8Value(next.Record.Entry.Value).Length;
                if (group.Count > 0 && bytes + size > _store.MaxGroupBytes)
                {
                    break;
                }

                reader.TryRead(out _);
                group.Add(next);
                bytes += size;
            }

            Exception? error = null;
            var start = Stopwatch.GetTimestamp();
            try
            {
                await _store.CommitAsync([.. group.Select(p => p.Record)], CancellationToken.None);
            }
            catch (Exception ex)
            {
                error = ex;
            }

            _metrics?.RecordCommit(group.Count, start, succeeded: error is null);

            try
            {
                if (error is null)
                {
                    // A shared store's commit returns once its mirror published it (ApplyCommitted).
                    if (_store is not ISharedValueStore)
                    {
                        Publish(group);
                    }

                    Acknowledge(group);
                }
                else if (error is StoreConflictException)
                {
                    Retry(group, error);
                }
                else
                {
                    Fail(group, error);
                }
            }
            catch (Exception ex)
            {
                // A bug, not a store error: nothing can be trusted to be numbered right any more. Every Set still
                // waiting is answered (never left hanging) and no more are taken.
                Stop(group, ex);
                return;
            }

            group.Clear();
        }
    }

    private void Stop(List<PendingSet> group, Exception error)
    {
        lock (_setLock)
        {
            _queue.Writer.TryComplete();
            while (_queue.Reader.TryRead(out var queued))
            {
                group.Add(queued);
            }
        }

        Volatile.Write(ref _writeFailure, $"Internal error: {error.Message}");
        LogCommitLoopFailed(error);
        foreach (var pending in group)
        {
            pending.Complete(error);
        }
    }

    // The group is durable: watchers and the log see it, in order, and only then is it acknowledged, so whoever
    // gets the acknowledgement can read what it wrote.
    private void Publish(List<PendingSet> group) => PublishRecords([.. group.Select(p => (p.Target, p.State, p.Record))]);

    // Makes committed Sets visible: each name's state, the log, the counts. One writer at a time: the commit loop
    // for a store of this server alone, the mirror (ApplyCommitted) for a shared one.
    private void PublishRecords(List<(HostedValue Target, ValueState State, SetRecord Record)> committed)
    {
        var names = _nameCount;
        var created = false;
        foreach (var (target, state, _) in committed)
        {
            var existed = target.Exists;
            target.Publish(state);
            names += (state.Deleted, existed) switch
            {
                (false, false) => 1,
                (true, true) => -1,
                _ => 0,
            };
            created |= !state.Deleted && !existed;
        }

        _durableIndex = committed[^1].Record.Index;

        // One log item per Set, so the retained window (LogCapacity) counts Sets whatever the group sizes.
        foreach (var (_, _, record) in committed)
        {
            _log.Append([record]);
        }

        // A group that deletes one name and creates another leaves the count as it was, but SubscribeAll must still
        // wake to pick up the new name: a creation always publishes.
        if (names != _nameCount || created)
        {
            Volatile.Write(ref _nameCount, names);
            _names.Set(names);
        }

        if (Interlocked.Exchange(ref _writeFailure, null) is not null)
        {
            LogWritesResumed(_store.Location);
        }

        OnChanged();
    }

    private void Acknowledge(List<PendingSet> group)
    {
        if (Interlocked.Exchange(ref _writeFailure, null) is not null)
        {
            LogWritesResumed(_store.Location);
        }

        lock (_setLock)
        {
            foreach (var pending in group)
            {
                if (pending.Target.Pending == pending.Done)
                {
                    pending.Target.Pending = null;
                }
            }
        }

        foreach (var pending in group)
        {
            pending.Complete(null);
        }
    }

    // Every Set queued behind the failed group was checked and numbered on top of it, so none of them can be
    // committed either: all fail, and the accepted state falls back to the durable one.
    private void Fail(List<PendingSet> group, Exception error)
    {
        Unwind(group);
        Volatile.Write(ref _writeFailure, error.Message);
        LogCommitFailed(_store.Location, group.Count, error);
        foreach (var pending in group)
        {
            pending.Complete(error);
        }
    }

    // Another server committed first (a shared store), and the mirror shows its Sets now: every Set of the group and
    // behind it is checked and numbered again on top of them (ChangeAsync), which is no write failure.
    private void Retry(List<PendingSet> group, Exception conflict)
    {
        Unwind(group);
        LogCommitLost(group.Count);
        foreach (var pending in group)
        {
            pending.Complete(conflict);
        }
    }

    private void Unwind(List<PendingSet> group)
    {
        lock (_setLock)
        {
            while (_queue.Reader.TryRead(out var queued))
            {
                group.Add(queued);
            }

            foreach (var pending in group)
            {
                var target = pending.Target;
                target.AcceptedVersion = target.Version;
                target.AcceptedExists = target.Exists;
                target.Pending = null;
                if (target.IsUnused)
                {
                    _values.TryRemove(KeyValuePair.Create(target.Name, target));
                }
            }

            _acceptedIndex = _durableIndex;
        }
    }

    // Makes the store's state the registry's: called under the Set lock, while nothing is queued.
    private void Load(StoreState state)
    {
        Debug.Assert(_setLock.IsHeldByCurrentThread);
        Volatile.Write(ref _storeId, state.StoreId);
        var names = 0;
        foreach (var record in state.Newest)
        {
            var hosted = GetOrAdd(record.Name);
            var entry = record.Entry;
            hosted.Publish(new ValueState(entry.Version, entry.Value, entry.SetAt, entry.Deleted, record.Index));
            hosted.AcceptedVersion = entry.Version;
            hosted.AcceptedExists = !entry.Deleted;
            names += entry.Deleted ? 0 : 1;
        }

        _acceptedIndex = _durableIndex = state.LastIndex;
        Volatile.Write(ref _nameCount, names);
        _names.Set(names);
    }

    private long IndexOf(BufferItem<SetRecord> item) => item.Events is [.., var newest] ? newest.Index : _logBaseIndex;

    // A commit's records, after whatever the reader misses before them, read from the store.
    private async IAsyncEnumerable<SetRecord> WithGapFilledAsync(
        IReadOnlyList<SetRecord> records, long last, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (records[0].Index > last + 1)
        {
            await foreach (var record in ReadStoreAsync(last, records[0].Index - 1, cancellationToken))
            {
                last = record.Index;
                yield return record;
            }
        }

        foreach (var record in records)
        {
            if (record.Index > last)
            {
                last = record.Index;
                yield return record;
            }
        }
    }

    // The retained records in (after, upTo], page by page; whatever retention dropped is simply not there.
    private async IAsyncEnumerable<SetRecord> ReadStoreAsync(long after, long upTo, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (after < upTo)
        {
            var page = await _store.ReadLogAsync(after, LogPage, cancellationToken);
            foreach (var record in page)
            {
                if (record.Index > upTo)
                {
                    yield break;
                }

                after = record.Index;
                yield return record;
            }

            if (page.Count < LogPage)
            {
                yield break;
            }
        }
    }

    // What an import may hold: valid names and values, indexes and each name's versions strictly increasing.
    private async IAsyncEnumerable<SetRecord> CheckImport(IAsyncEnumerable<SetRecord> records, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        long lastIndex = 0;
        var versions = new Dictionary<string, long>(StringComparer.Ordinal);
        await foreach (var record in records.WithCancellation(cancellationToken))
        {
            var entry = record.Entry;
            if (!ValueName.IsValid(record.Name))
            {
                throw new InvalidDataException($"The Set at index {record.Index} has an invalid name: {ValueName.Describe(record.Name)}");
            }

            if (record.Index <= lastIndex)
            {
                throw new InvalidDataException($"The Set at index {record.Index} comes after index {lastIndex}: indexes must increase.");
            }

            if (entry.Version <= versions.GetValueOrDefault(record.Name))
            {
                throw new InvalidDataException(
                    $"The Set of '{record.Name}' at index {record.Index} has version {entry.Version}, but versions start at 1 and must increase (the previous one was {versions.GetValueOrDefault(record.Name)}).");
            }

            if (Parse(record.Name, System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(entry.Value)).Rejection is { } rejected)
            {
                throw new InvalidDataException($"The Set of '{record.Name}' at index {record.Index} is refused: {rejected.Detail}");
            }

            lastIndex = record.Index;
            versions[record.Name] = entry.Version;
            yield return record;
        }
    }
}
