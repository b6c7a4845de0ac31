using System.Diagnostics;
using EventDashboard.Core;
using EventDashboard.Protocol;

namespace EventDashboard.Web.Values.Internal;

/// <summary>
/// One named value of the registry: its newest durable state in a Core <see cref="MemoryValue{T}"/>, what the
/// registry has accepted for it but not yet made durable, and its live watcher count. Only
/// <see cref="ValueRegistry"/> changes it.
/// </summary>
[DebuggerDisplay("{Name}: Version = {Version}, Accepted = {AcceptedVersion}, Watchers = {Watchers}")]
internal sealed class HostedValue
{
    private readonly MemoryValue<ValueState> _value = new();

    // The watcher count as a value of its own, so the hub can follow it newest-only like any other value. It holds
    // the wire message itself: one object per change, which the hub serializes once for every subscriber.
    private readonly MemoryValue<WatchersChange> _watcherCounts = new();
    private readonly Lock _watchersLock = new();
    private readonly int[] _watchersByKind = new int[Enum.GetValues<WatcherKind>().Length];
    private int _watchers;

    private readonly ValueRegistry _owner;

    public HostedValue(string name, ValueRegistry owner)
    {
        Debug.Assert(ValueName.IsValid(name));
        Name = name;
        _owner = owner;

        // Published once so that a watcher of the count gets the current count at once.
        _watcherCounts.Set(new WatchersChange(name, 0));
    }

    public string Name { get; }

    /// <summary>Gets the newest durable state (a delete too), or <see langword="null"/> while there is none.</summary>
    public ValueState? Current => _value.TryGetValue(out var state) ? state : null;

    /// <summary>Gets the newest durable version; 0 while there is none.</summary>
    public long Version => Current?.Version ?? 0;

    /// <summary>Gets a value indicating whether the value exists: it has a durable state that is not a delete.</summary>
    public bool Exists => Current is { Deleted: false };

    /// <summary>
    /// Gets or sets the version of the newest Set the registry accepted, durable or not; compare-and-set checks
    /// against it, so Sets in one commit group see each other. Guarded by the registry's Set lock.
    /// </summary>
    public long AcceptedVersion { get; set; }

    /// <summary>Gets or sets whether the value exists as of <see cref="AcceptedVersion"/>. Guarded by the registry's Set lock.</summary>
    public bool AcceptedExists { get; set; }

    /// <summary>Gets or sets the completion of the newest accepted Set, while it is not durable yet. Guarded by the registry's Set lock.</summary>
    public Task? Pending { get; set; }

    /// <summary>Gets the live watchers: hub subscriptions, blocking requests, event streams and server-side watchers.</summary>
    public int Watchers => Volatile.Read(ref _watchers);

    /// <summary>Gets a value indicating whether the registry may forget this entry: nothing was ever accepted and nobody watches.</summary>
    public bool IsUnused => AcceptedVersion == 0 && Watchers == 0;

    public ValueSnapshot? Snapshot() => Current is { Deleted: false } state ? ToSnapshot(state) : null;

    public ValueSnapshot ToSnapshot(ValueState state)
    {
        Debug.Assert(!state.Deleted, "a delete has no snapshot");
        return new(Name, state.Version, state.Value, state.UpdatedAt, Watchers, _owner.StoreId);
    }

    public ValueDeletion ToDeletion(ValueState state)
    {
        Debug.Assert(state.Deleted);
        return new(Name, state.Version, state.UpdatedAt, _owner.StoreId);
    }

    /// <summary>Makes a durable state the current one. The registry calls this in commit order.</summary>
    public void Publish(ValueState state)
    {
        Debug.Assert(state.Version > Version, "versions of a hosted value only go up");
        _value.Set(state);
    }

    /// <summary>Gets the live watchers by kind, as of one instant.</summary>
    public IReadOnlyDictionary<WatcherKind, int> WatchersByKind()
    {
        lock (_watchersLock)
        {
            return Enum.GetValues<WatcherKind>().Where(k => _watchersByKind[(int)k] > 0).ToDictionary(k => k, k => _watchersByKind[(int)k]);
        }
    }

    /// <summary>Creates a counted watcher of the states; the count drops when it is disposed.</summary>
    public SnapshotWatcher Watch(WatcherKind kind)
    {
        var watcher = new SnapshotWatcher(this, _value.Watch(), kind);
        AddWatchers(kind, 1);
        return watcher;
    }

    /// <summary>Creates a watcher of the watcher count. It is not counted itself.</summary>
    public IWatcher<WatchersChange> WatchWatcherCount() => _watcherCounts.Watch();

    internal void OnWatcherDisposed(WatcherKind kind)
    {
        if (AddWatchers(kind, -1) == 0 && Version == 0)
        {
            _owner.Forget(this);
        }
    }

    private int AddWatchers(WatcherKind kind, int delta)
    {
        int watchers;

        // The lock keeps the published counts in the order of the changes, so the last one published is right.
        lock (_watchersLock)
        {
            _watchersByKind[(int)kind] += delta;
            _watchers += delta;
            Debug.Assert(_watchers >= 0 && _watchersByKind[(int)kind] >= 0);
            _watcherCounts.Set(new WatchersChange(Name, _watchers));
            watchers = _watchers;
        }

        _owner.OnWatchersChanged(kind, delta);
        return watchers;
    }
}
