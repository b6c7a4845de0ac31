using System.Diagnostics;
using EventDashboard.Client;
using EventDashboard.Core;

namespace EventDashboard.Web.Values.Internal;

/// <summary>
/// One named value of the registry: its newest state in a Core <see cref="MemoryValue{T}"/>, its retained
/// history and its live watcher count. Only <see cref="ValueRegistry"/> publishes to it, one Set at a time.
/// </summary>
[DebuggerDisplay("{Name}: Version = {Version}, Watchers = {Watchers}")]
internal sealed class HostedValue
{
    private readonly MemoryValue<ValueState> _value = new();

    // The watcher count as a value of its own, so the hub can follow it newest-only like any other value. It holds
    // the wire message itself: one object per change, which the hub serializes once for every subscriber.
    private readonly MemoryValue<WatchersChange> _watcherCounts = new();
    private readonly Lock _watchersLock = new();
    private int _watchers;

    private readonly Lock _historyLock = new();
    private readonly Queue<HistoryEntry> _history = new();

    // Called when the last watcher of a value that was never set goes away, so the registry can forget the name.
    private readonly Action<HostedValue> _unwatched;

    public HostedValue(string name, Action<HostedValue> unwatched)
    {
        Debug.Assert(ValueName.IsValid(name));
        Name = name;
        _unwatched = unwatched;

        // Published once so that a watcher of the count gets the current count at once.
        _watcherCounts.Set(new WatchersChange(name, 0));
    }

    public string Name { get; }

    /// <summary>Gets the current state, or <see langword="null"/> while the value was never set.</summary>
    public ValueState? Current => _value.TryGetValue(out var state) ? state : null;

    public long Version => Current?.Version ?? 0;

    /// <summary>Gets the live watchers: hub subscriptions, blocking requests, event streams and server-side watchers.</summary>
    public int Watchers => Volatile.Read(ref _watchers);

    public ValueSnapshot? Snapshot() => Current is { } state ? ToSnapshot(state) : null;

    public ValueSnapshot ToSnapshot(ValueState state) => new(Name, state.Version, state.Value, state.UpdatedAt, Watchers);

    /// <summary>Records a Set and makes it the current state. The registry calls this under its Set lock.</summary>
    public void Publish(ValueState state, HistoryEntry entry, int historyLimit)
    {
        Debug.Assert(state.Version == Version + 1, "versions of a hosted value go up by one per Set");
        lock (_historyLock)
        {
            _history.Enqueue(entry);
            while (_history.Count > historyLimit)
            {
                _history.Dequeue();
            }
        }

        // The history is written first: whoever sees the new version can also find it in the history.
        _value.Set(state);
    }

    /// <summary>Gets up to <paramref name="limit"/> retained entries, newest first, or <see langword="null"/> when never set.</summary>
    public ValueHistory? History(int limit)
    {
        Debug.Assert(limit > 0);
        lock (_historyLock)
        {
            if (_history.Count == 0)
            {
                return null;
            }

            var entries = _history.Reverse().Take(limit).ToArray();
            return new ValueHistory(Name, _history.Peek().Version, entries);
        }
    }

    /// <summary>Creates a counted watcher of the snapshots; the count drops when it is disposed.</summary>
    public SnapshotWatcher Watch()
    {
        var watcher = new SnapshotWatcher(this, _value.Watch());
        AddWatchers(1);
        return watcher;
    }

    /// <summary>Creates a watcher of the watcher count. It is not counted itself.</summary>
    public IWatcher<WatchersChange> WatchWatcherCount() => _watcherCounts.Watch();

    internal void OnWatcherDisposed()
    {
        if (AddWatchers(-1) == 0 && Version == 0)
        {
            _unwatched(this);
        }
    }

    private int AddWatchers(int delta)
    {
        // The lock keeps the published counts in the order of the changes, so the last one published is right.
        lock (_watchersLock)
        {
            _watchers += delta;
            Debug.Assert(_watchers >= 0);
            _watcherCounts.Set(new WatchersChange(Name, _watchers));
            return _watchers;
        }
    }
}
