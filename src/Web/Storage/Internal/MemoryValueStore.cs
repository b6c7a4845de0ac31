using System.Runtime.CompilerServices;
using EventDashboard.Protocol;
using EventDashboard.Web.Values;

namespace EventDashboard.Web.Storage.Internal;

/// <summary>
/// The store of <see cref="StorageProvider.Memory"/>: the same contract as the durable stores, kept in this
/// process only. Each instance is a new store with a new identity.
/// </summary>
internal sealed class MemoryValueStore : IValueStore
{
    private readonly int _historyLimit;
    private readonly string _storeId = StoreIds.New();

    // One lock for the three views of the records, so that every read sees whole commits.
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Queue<SetRecord>> _histories = new(StringComparer.Ordinal);
    private readonly SortedDictionary<long, SetRecord> _log = [];
    private readonly SortedDictionary<string, StoredAccessKey> _keys = new(StringComparer.Ordinal);
    private long _lastIndex;

    public MemoryValueStore(int historyLimit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(historyLimit, 1);
        _historyLimit = historyLimit;
    }

    public string Location => "memory";

    public Task<StoreState> OpenAsync(CancellationToken cancellationToken) => Task.FromResult(State());

    public Task<IReadOnlyList<StoredAccessKey>> ReadKeysAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<StoredAccessKey>>([.. _keys.Values]);
        }
    }

    public Task<bool> AddKeyAsync(StoredAccessKey key, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_keys.TryAdd(key.Name, key));
        }
    }

    public Task<bool> RemoveKeyAsync(string name, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_keys.Remove(name));
        }
    }

    public Task CommitAsync(IReadOnlyList<SetRecord> records, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            foreach (var record in records)
            {
                AddLocked(record);
            }
        }

        return Task.CompletedTask;
    }

    public Task<ValueHistory?> ReadHistoryAsync(string name, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        lock (_lock)
        {
            if (!_histories.TryGetValue(name, out var history))
            {
                return Task.FromResult<ValueHistory?>(null);
            }

            var entries = history.Reverse().Take(limit).Select(r => r.Entry).ToArray();
            return Task.FromResult<ValueHistory?>(new ValueHistory(name, history.Peek().Entry.Version, entries));
        }
    }

    public Task<IReadOnlyList<SetRecord>> ReadLogAsync(long afterIndex, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        lock (_lock)
        {
            IReadOnlyList<SetRecord> page = [.. _log.Values.SkipWhile(r => r.Index <= afterIndex).Take(limit)];
            return Task.FromResult(page);
        }
    }

    public async IAsyncEnumerable<SetRecord> ExportAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        SetRecord[] records;
        lock (_lock)
        {
            records = [.. _log.Values];
        }

        foreach (var record in records)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return record;
        }

        await Task.CompletedTask;
    }

    public async Task<StoreState> ImportAsync(IAsyncEnumerable<SetRecord> records, CancellationToken cancellationToken)
    {
        // Read whole before anything changes: a bad record halfway must leave the store empty.
        var all = new List<SetRecord>();
        await foreach (var record in records.WithCancellation(cancellationToken))
        {
            all.Add(record);
        }

        lock (_lock)
        {
            if (_lastIndex != 0)
            {
                throw new InvalidOperationException("The store is not empty.");
            }

            foreach (var record in all)
            {
                AddLocked(record);
            }
        }

        return State();
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private void AddLocked(SetRecord record)
    {
        if (!_histories.TryGetValue(record.Name, out var history))
        {
            history = new Queue<SetRecord>();
            _histories.Add(record.Name, history);
        }

        history.Enqueue(record);
        _log.Add(record.Index, record);
        while (history.Count > _historyLimit)
        {
            _log.Remove(history.Dequeue().Index);
        }

        _lastIndex = record.Index;
    }

    private StoreState State()
    {
        lock (_lock)
        {
            return new StoreState(_storeId, _lastIndex, [.. _histories.Values.Select(h => h.Last())]);
        }
    }
}
