using EventDashboard.Core;
using EventDashboard.Protocol;

namespace EventDashboard.Web.Values.Internal;

/// <summary>
/// A watcher of a <see cref="HostedValue"/> that returns snapshots (with the watcher count at the time of the
/// Get) and takes itself out of the count when disposed. As an <see cref="IWatcher{T}"/> of snapshots it skips
/// deletes, which have none; <see cref="GetStateAsync"/> returns them.
/// </summary>
internal sealed class SnapshotWatcher : IWatcher<ValueSnapshot>
{
    private readonly HostedValue _owner;
    private readonly IWatcher<ValueState> _inner;
    private readonly WatcherKind _kind;
    private int _disposed;

    public SnapshotWatcher(HostedValue owner, IWatcher<ValueState> inner, WatcherKind kind)
    {
        _owner = owner;
        _inner = inner;
        _kind = kind;
    }

    /// <summary>Gets the value this watcher follows.</summary>
    public HostedValue Value => _owner;

    /// <summary>Gets the next state itself, deletes included, as the inner watcher returns it.</summary>
    public ValueTask<ValueState> GetStateAsync(GetOptions<ValueState> options, CancellationToken cancellationToken) =>
        _inner.GetAsync(options, cancellationToken);

    /// <summary>Makes the snapshot of a state of this value, with the watcher count as it is now.</summary>
    public ValueSnapshot ToSnapshot(ValueState state) => _owner.ToSnapshot(state);

    public ValueTask<ValueSnapshot> GetAsync(CancellationToken cancellationToken = default) =>
        GetAsync(GetOptions<ValueSnapshot>.Default, cancellationToken);

    public async ValueTask<ValueSnapshot> GetAsync(GetOptions<ValueSnapshot> options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var predicate = options.Predicate;
        var innerOptions = new GetOptions<ValueState>
        {
            Predicate = state => !state.Deleted && (predicate is null || predicate(_owner.ToSnapshot(state))),
            BacklogOnly = options.BacklogOnly,
        };
        var state = await _inner.GetAsync(innerOptions, cancellationToken);
        return _owner.ToSnapshot(state);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _inner.Dispose();
            _owner.OnWatcherDisposed(_kind);
        }
    }
}
