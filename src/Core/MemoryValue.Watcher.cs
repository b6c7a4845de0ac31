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
    private sealed class Watcher : IWatcher<T>, IValueTaskSource
    {
        private readonly MemoryValue<T> _owner;

        // The version this watcher was created at: in sync mode it owes acknowledgements only for later Sets.
        private readonly long _joinedVersion;

        // The following fields are guarded by _owner._lock.
        private long _lastVersion;
        private bool _disposed;
        private bool _parked;
        private ManualResetValueTaskSourceCore<bool> _wait = new() { RunContinuationsAsynchronously = true };

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

                handedOff = true;
                return WaitAsync(options, cancellationToken);
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
        private async ValueTask<T> WaitAsync(GetOptions<T> options, CancellationToken cancellationToken)
        {
            try
            {
                while (true)
                {
                    short token;
                    lock (_owner._lock)
                    {
                        ObjectDisposedException.ThrowIf(_disposed, this);
                        if (_owner._version <= _lastVersion)
                        {
                            _wait.Reset();
                            token = _wait.Version;
                            _parked = true;
                            _owner.ParkLocked(this);
                        }
                        else
                        {
                            token = -1;
                        }
                    }

                    if (token != -1)
                    {
                        // The registration is disposed before the next park, and Dispose waits for a running
                        // callback, so a callback can only ever cancel the park it was registered for. If Set
                        // woke us first, the callback finds us unparked and does nothing.
                        using (cancellationToken.UnsafeRegister(static (state, ct) => ((Watcher)state!).CancelPark(ct), this))
                        {
                            await new ValueTask(this, token).ConfigureAwait(false);
                        }
                    }

                    while (TryTakeNewer(out var value))
                    {
                        if (options.Predicate is null || options.Predicate(value))
                        {
                            return value;
                        }
                    }
                }
            }
            finally
            {
                Volatile.Write(ref _getting, 0);
            }
        }

        // Takes the current (value, version) pair if it is newer than the last one returned.
        private bool TryTakeNewer(out T value)
        {
            lock (_owner._lock)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                var version = _owner._version;
                if (version <= _lastVersion)
                {
                    value = default!;
                    return false;
                }

                Debug.Assert(version > _lastVersion, "versions returned by one watcher strictly increase");
                if (_owner._syncPending > 0 && _joinedVersion < version)
                {
                    // In sync mode no Set publishes until the previous one is acknowledged by all, so the
                    // version taken here is exactly the one being waited for.
                    _owner.AcknowledgeLocked();
                }

                _lastVersion = version;
                value = _owner._value;
                return true;
            }
        }

        private void CancelPark(CancellationToken cancellationToken)
        {
            lock (_owner._lock)
            {
                if (_parked)
                {
                    _owner.UnparkLocked(this);
                    _wait.SetException(new OperationCanceledException(cancellationToken));
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
                    _wait.SetException(new ObjectDisposedException(GetType().Name, "The watcher was disposed while a Get was pending."));
                }
            }
        }

        // Called under the owner's lock when the value changes.
        internal void Wake()
        {
            _wait.SetResult(true);
        }

        internal void Unpark()
        {
            _parked = false;
            NextParked = null;
            PreviousParked = null;
        }

        void IValueTaskSource.GetResult(short token) => _wait.GetResult(token);

        ValueTaskSourceStatus IValueTaskSource.GetStatus(short token) => _wait.GetStatus(token);

        void IValueTaskSource.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
            _wait.OnCompleted(continuation, state, token, flags);
    }
}
