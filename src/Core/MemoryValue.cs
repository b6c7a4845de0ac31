using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;

namespace EventDashboard.Core;

/// <summary>
/// An in-process <see cref="IValue{T}"/>. Setting it costs the same however many idle watchers exist and
/// allocates nothing unless a watcher is waiting: only watchers parked in a Get are known to the value.
/// </summary>
/// <typeparam name="T">The type of the value.</typeparam>
[DebuggerDisplay("Version = {Version}, Watchers = {WatcherCount}")]
[SuppressMessage("Design", "CA1001", Justification = "The SemaphoreSlim never allocates a wait handle (only WaitAsync is used), so it holds nothing to dispose.")]
public sealed partial class MemoryValue<T> : IValue<T>
{
    // One lock guards the value, its version and the list of parked watchers. Reading the value and its
    // version together under it is what makes out-of-order Gets impossible: a watcher takes (value, version)
    // as one pair and accepts it only if the version is above the last one it returned.
    private readonly Lock _lock = new();
    private readonly bool _sync;
    private T _value = default!;
    private long _version;
    private int _watcherCount;

    // Intrusive doubly linked list of the Gets parked now: each is a watcher's Waiter, allocated at its first
    // park and reused by its later ones, so parking again allocates nothing.
    private Waiter? _parked;

    // Sync mode only: one Set is in flight at a time, and it waits until _syncPending watchers acknowledged it.
    private readonly SemaphoreSlim? _setGate;
    private int _syncPending;
    private TaskCompletionSource? _syncDone;

    /// <summary>Initializes a new instance of the <see cref="MemoryValue{T}"/> class that never waits on Set.</summary>
    public MemoryValue()
        : this(new MemoryValueOptions())
    {
    }

    /// <summary>Initializes a new instance of the <see cref="MemoryValue{T}"/> class.</summary>
    /// <param name="options">The options.</param>
    public MemoryValue(MemoryValueOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _sync = options.Sync;
        if (_sync)
        {
            _setGate = new SemaphoreSlim(1, 1);
        }
    }

    /// <summary>Gets the version of the current value: 0 before the first Set, then one more per Set.</summary>
    public long Version
    {
        get
        {
            lock (_lock)
            {
                return _version;
            }
        }
    }

    /// <summary>Gets the number of watchers created and not yet disposed (or collected).</summary>
    public int WatcherCount => Volatile.Read(ref _watcherCount);

    /// <summary>Gets the current value without watching.</summary>
    /// <param name="value">The current value, or the default when the value was never set.</param>
    /// <returns><see langword="true"/> when the value was set at least once.</returns>
    public bool TryGetValue(out T value)
    {
        lock (_lock)
        {
            value = _value;
            return _version > 0;
        }
    }

    /// <inheritdoc/>
    public IWatcher<T> Watch()
    {
        lock (_lock)
        {
            _watcherCount++;
            return new Watcher(this, _version);
        }
    }

    /// <inheritdoc/>
    /// <remarks>In sync mode this blocks the calling thread until every watcher received the value.</remarks>
    public void Set(T value)
    {
        if (_sync)
        {
            SetSyncAsync(value, CancellationToken.None).GetAwaiter().GetResult();
            return;
        }

        lock (_lock)
        {
            PublishLocked(value);
        }
    }

    /// <inheritdoc/>
    /// <remarks>
    /// In sync mode, cancelling ends only the caller's wait: the value stays set, and the next Set still waits
    /// until every watcher received this one.
    /// </remarks>
    public ValueTask SetAsync(T value, CancellationToken cancellationToken = default)
    {
        if (_sync)
        {
            return new ValueTask(SetSyncAsync(value, cancellationToken));
        }

        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled(cancellationToken);
        }

        lock (_lock)
        {
            PublishLocked(value);
        }

        return ValueTask.CompletedTask;
    }

    private async Task SetSyncAsync(T value, CancellationToken cancellationToken)
    {
        Debug.Assert(_setGate is not null);
        await _setGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        Task done;
        lock (_lock)
        {
            // Every live watcher was created before this Set, so every one of them owes an acknowledgement.
            // The count is set before publishing because parked watchers take the value (and acknowledge it)
            // during the publish. The gate is released by whoever brings the count to zero: this method when
            // there are no watchers, otherwise the last watcher to take the value (or to be disposed).
            Debug.Assert(_syncPending == 0 && _syncDone is null);
            _syncPending = _watcherCount;
            if (_syncPending == 0)
            {
                PublishLocked(value);
                _setGate.Release();
                return;
            }

            var delivered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _syncDone = delivered;
            PublishLocked(value);
            done = delivered.Task;
        }

        await done.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Sets the value like <see cref="Set"/>, except that one parked Get, if any, is not woken on the thread pool
    /// but by the caller, on its own thread, with <see cref="InlineWake.Run"/>: called once the caller holds no lock,
    /// it runs that Get's continuation there and then. The other parked Gets are woken on the thread pool as usual.
    /// For a caller that receives values on a loop of its own and would otherwise pay a thread-pool hop per value
    /// (the client's mirror of a remote value); not for sync mode.
    /// </summary>
    /// <remarks>
    /// The value is handed to that Get under the lock, as to the others, so the order of versions is exactly that of
    /// <see cref="Set"/>; only the running of its continuation is left to the caller. Until then the Get is no longer
    /// parked: a cancellation or Dispose meanwhile finds nothing to end, and the Get returns the value it was handed.
    /// The caller must call <see cref="InlineWake.Run"/> exactly once, or the Get never returns.
    /// </remarks>
    /// <param name="value">The new value.</param>
    /// <returns>The Get to wake, or an empty wake when none was parked.</returns>
    internal InlineWake SetWakingOneInline(T value)
    {
        Debug.Assert(!_sync, "sync mode waits inside Set; it has no caller to hand a wake to");
        lock (_lock)
        {
            return new InlineWake(PublishLocked(value, handOffOne: true));
        }
    }

    // Returns the waiter left for the caller to complete with handOffOne, otherwise null.
    private Waiter? PublishLocked(T value, bool handOffOne = false)
    {
        Debug.Assert(_lock.IsHeldByCurrentThread);
        _value = value;
        _version++;

        // Each parked Get is handed the new pair here, under the lock. Completing it only queues its continuation
        // (RunContinuationsAsynchronously), so no caller code runs under the lock, and a woken Get that parks again
        // must take the lock, which we hold until the walk is over. The one handed off takes its pair here too, but
        // is completed by the caller after the lock (SetWakingOneInline).
        var waiter = _parked;
        _parked = null;
        Waiter? handedOff = null;
        while (waiter is not null)
        {
            var next = waiter.NextParked;
            waiter.Unpark();
            if (handOffOne && handedOff is null)
            {
                waiter.HandOffLocked();
                handedOff = waiter;
            }
            else
            {
                waiter.DeliverLocked();
            }

            waiter = next;
        }

        return handedOff;
    }

    // Called under the lock by a watcher that existed before the pending sync Set and has now taken it
    // (or was disposed without taking it).
    private void AcknowledgeLocked()
    {
        Debug.Assert(_lock.IsHeldByCurrentThread);
        Debug.Assert(_sync && _syncPending > 0 && _syncDone is not null && _setGate is not null);
        if (--_syncPending == 0)
        {
            var done = _syncDone;
            _syncDone = null;
            _setGate.Release();
            done.SetResult();
        }
    }

    private void ParkLocked(Waiter waiter)
    {
        Debug.Assert(_lock.IsHeldByCurrentThread);
        Debug.Assert(waiter.NextParked is null && waiter.PreviousParked is null);
        waiter.NextParked = _parked;
        if (_parked is not null)
        {
            _parked.PreviousParked = waiter;
        }

        _parked = waiter;
    }

    private void UnparkLocked(Waiter waiter)
    {
        Debug.Assert(_lock.IsHeldByCurrentThread);
        if (waiter.PreviousParked is { } previous)
        {
            previous.NextParked = waiter.NextParked;
        }
        else
        {
            Debug.Assert(_parked == waiter);
            _parked = waiter.NextParked;
        }

        if (waiter.NextParked is { } next)
        {
            next.PreviousParked = waiter.PreviousParked;
        }

        waiter.Unpark();
    }

    // For tests: how many watchers are parked. Walks the list under the lock.
    internal int ParkedCount
    {
        get
        {
            lock (_lock)
            {
                var count = 0;
                for (var waiter = _parked; waiter is not null; waiter = waiter.NextParked)
                {
                    count++;
                }

                return count;
            }
        }
    }
}
