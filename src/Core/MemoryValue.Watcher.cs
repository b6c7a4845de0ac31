using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Threading.Tasks.Sources;

namespace EventDashboard.Core;

public sealed partial class MemoryValue<T>
{
    /// <summary>
    /// A watcher of a <see cref="MemoryValue{T}"/>. The value references it only while it is parked in a Get,
    /// so an idle watcher costs Set nothing, and one that is dropped without Dispose is collected; its
    /// finalizer then does what Dispose would have done, so it can neither inflate the watcher count
    /// nor block a sync Set forever.
    /// </summary>
    [DebuggerDisplay("LastVersion = {_lastVersion}, Disposed = {_disposed}")]
    private sealed class Watcher : IWatcher<T>, IValueTaskSource<T>
    {
        private readonly MemoryValue<T> _owner;

        // The version this watcher was created at: in sync mode it owes acknowledgements only for later Sets.
        private readonly long _joinedVersion;

        // Guarded by _owner._lock.
        private long _lastVersion;
        private bool _disposed;
        private bool _parked;

        // The pending Get's completion. A Set hands the value over under the lock, so a woken Get neither
        // takes the lock again nor allocates. Reset only by the Get that owns _getting.
        private ManualResetValueTaskSourceCore<T> _core = new() { RunContinuationsAsynchronously = true };
        private CancellationTokenRegistration _registration;
        private bool _releaseOnResult;

        // 1 while a Get is pending. Guards the single-Get rule without taking the lock.
        private int _getting;

        public Watcher(MemoryValue<T> owner, long joinedVersion)
        {
            _owner = owner;
            _joinedVersion = joinedVersion;
        }

        ~Watcher()
        {
            Close(fromFinalizer: true);
        }

        internal Watcher? NextParked { get; set; }

        internal Watcher? PreviousParked { get; set; }

        public ValueTask<T> GetAsync(CancellationToken cancellationToken = default) =>
            GetAsync(GetOptions<T>.Default, cancellationToken);

        public ValueTask<T> GetAsync(GetOptions<T> options, CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(options);
            if (Interlocked.Exchange(ref _getting, 1) != 0)
            {
                return ValueTask.FromException<T>(new InvalidOperationException(
                    "Another GetAsync is already pending on this watcher. Await it before calling GetAsync again, or create another watcher."));
            }

            var handedOff = false;
            try
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    return ValueTask.FromCanceled<T>(cancellationToken);
                }

                // Fast path: a newer value is already there. No lock is held while the predicate runs.
                while (TryTakeNewer(out var value))
                {
                    if (options.Predicate is null || options.Predicate(value))
                    {
                        return new ValueTask<T>(value);
                    }
                }

                if (options.BacklogOnly)
                {
                    return ValueTask.FromException<T>(new BacklogDoneException());
                }

                var pending = options.Predicate is null
                    ? NextAsync(releaseOnResult: true, cancellationToken)
                    : NextMatchingAsync(options.Predicate, cancellationToken);
                handedOff = true;
                return pending;
            }
            catch (Exception ex)
            {
                return ValueTask.FromException<T>(ex);
            }
            finally
            {
                if (!handedOff)
                {
                    Volatile.Write(ref _getting, 0);
                }
            }
        }

        public void Dispose()
        {
            Close(fromFinalizer: false);
            GC.SuppressFinalize(this);
        }

        [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
        private async ValueTask<T> NextMatchingAsync(Func<T, bool> predicate, CancellationToken cancellationToken)
        {
            try
            {
                while (true)
                {
                    var value = await NextAsync(releaseOnResult: false, cancellationToken).ConfigureAwait(false);
                    if (predicate(value))
                    {
                        return value;
                    }
                }
            }
            finally
            {
                Volatile.Write(ref _getting, 0);
            }
        }

        // Waits for the next newer value. The caller owns _getting; with releaseOnResult the wait's GetResult
        // gives it back, so a plain Get costs no state machine.
        private ValueTask<T> NextAsync(bool releaseOnResult, CancellationToken cancellationToken)
        {
            _core.Reset();
            _releaseOnResult = releaseOnResult;

            // Register before parking: if the token fires now, the callback finds nothing parked and the
            // check under the lock below sees the cancellation instead. The registration is disposed in
            // GetResult, before the next Get can start, so a callback can only ever cancel its own wait.
            if (cancellationToken.CanBeCanceled)
            {
                _registration = cancellationToken.UnsafeRegister(static (state, token) => ((Watcher)state!).CancelPark(token), this);
            }

            lock (_owner._lock)
            {
                if (_disposed)
                {
                    _core.SetException(new ObjectDisposedException(GetType().Name));
                }
                else if (_owner._version > _lastVersion)
                {
                    _core.SetResult(TakeLocked());
                }
                else if (cancellationToken.IsCancellationRequested)
                {
                    _core.SetException(new OperationCanceledException(cancellationToken));
                }
                else
                {
                    _parked = true;
                    _owner.ParkLocked(this);
                }
            }

            return new ValueTask<T>(this, _core.Version);
        }

        // Takes the current (value, version) pair if it is newer than the last one returned.
        private bool TryTakeNewer(out T value)
        {
            lock (_owner._lock)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                if (_owner._version <= _lastVersion)
                {
                    value = default!;
                    return false;
                }

                value = TakeLocked();
                return true;
            }
        }

        // The one place a watcher accepts a value: the pair is read under the lock and only if its version
        // is above the last one returned, which is what makes out-of-order Gets impossible.
        private T TakeLocked()
        {
            Debug.Assert(_owner._lock.IsHeldByCurrentThread);
            var version = _owner._version;
            Debug.Assert(version > _lastVersion, "versions returned by one watcher strictly increase");
            if (_owner._syncPending > 0 && _joinedVersion < version)
            {
                // In sync mode no Set publishes until the previous one is acknowledged by all, so the
                // version taken here is exactly the one being waited for.
                _owner.AcknowledgeLocked();
            }

            _lastVersion = version;
            return _owner._value;
        }

        // Called under the owner's lock by a Set, after unlinking this watcher from the parked list.
        internal void DeliverLocked()
        {
            Debug.Assert(!_parked);
            _core.SetResult(TakeLocked());
        }

        private void CancelPark(CancellationToken cancellationToken)
        {
            lock (_owner._lock)
            {
                if (_parked)
                {
                    _owner.UnparkLocked(this);
                    _core.SetException(new OperationCanceledException(cancellationToken));
                }
            }
        }

        private void Close(bool fromFinalizer)
        {
            lock (_owner._lock)
            {
                if (_disposed)
                {
                    return;
                }

                _disposed = true;
                _owner._watcherCount--;
                if (_owner._syncPending > 0 && _joinedVersion < _owner._version && _lastVersion < _owner._version)
                {
                    _owner.AcknowledgeLocked();
                }

                if (_parked)
                {
                    // A finalized watcher is never parked: the parked list would have kept it alive.
                    Debug.Assert(!fromFinalizer);
                    _owner.UnparkLocked(this);
                    _core.SetException(new ObjectDisposedException(GetType().Name, "The watcher was disposed while a Get was pending."));
                }
            }
        }

        internal void Unpark()
        {
            _parked = false;
            NextParked = null;
            PreviousParked = null;
        }

        T IValueTaskSource<T>.GetResult(short token)
        {
            try
            {
                return _core.GetResult(token);
            }
            finally
            {
                _registration.Dispose();
                _registration = default;
                if (_releaseOnResult)
                {
                    Volatile.Write(ref _getting, 0);
                }
            }
        }

        ValueTaskSourceStatus IValueTaskSource<T>.GetStatus(short token) => _core.GetStatus(token);

        void IValueTaskSource<T>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
            _core.OnCompleted(continuation, state, token, flags);
    }
}
