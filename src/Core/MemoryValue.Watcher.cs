using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace EventDashboard.Core;

public sealed partial class MemoryValue<T>
{
    /// <summary>
    /// A watcher of a <see cref="MemoryValue{T}"/>. The value references it only while a Get of it is parked, so an
    /// idle watcher costs Set nothing, and one that is dropped without Dispose is collected; its finalizer then does
    /// what Dispose would have done, so it can neither inflate the watcher count nor block a sync Set forever.
    /// </summary>
    /// <remarks>
    /// An idle watcher holds only what every Get needs: its value, the last version it returned and its flags. The
    /// machinery of a Get that must wait (the completion source, the cancellation registration, the links of the
    /// parked list) is its <see cref="Waiter"/>, allocated by the first Get that parks and reused by every later one,
    /// so most watchers, which are idle most of the time, never pay for it, and a watcher that waits often pays once.
    /// </remarks>
    [DebuggerDisplay("LastVersion = {_lastVersion}, Disposed = {_disposed}")]
    internal sealed class Watcher : IWatcher<T>
    {
        private readonly MemoryValue<T> _owner;

        // The version this watcher was created at: in sync mode it owes acknowledgements only for later Sets.
        private readonly long _joinedVersion;

        // Guarded by _owner._lock.
        private long _lastVersion;

        // Created by the first Get that parks, then only by the Get that owns _getting; read under the lock by Close.
        private Waiter? _waiter;

        // 1 while a Get is pending. Guards the single-Get rule without taking the lock.
        private int _getting;

        // Guarded by _owner._lock.
        private bool _disposed;

        public Watcher(MemoryValue<T> owner, long joinedVersion)
        {
            _owner = owner;
            _joinedVersion = joinedVersion;
        }

        ~Watcher()
        {
            Close(fromFinalizer: true);
        }

        internal MemoryValue<T> Owner => _owner;

        internal bool IsDisposedLocked
        {
            get
            {
                Debug.Assert(_owner._lock.IsHeldByCurrentThread);
                return _disposed;
            }
        }

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

        // Gives back the single-Get right; called by the Get that holds it, when it ends.
        internal void EndGet() => Volatile.Write(ref _getting, 0);

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
                EndGet();
            }
        }

        // Waits for the next newer value. The caller owns _getting, so no other Get touches _waiter meanwhile; with
        // releaseOnResult the wait's GetResult gives _getting back, so a plain Get costs no state machine.
        private ValueTask<T> NextAsync(bool releaseOnResult, CancellationToken cancellationToken)
        {
            // Published by the lock taken in Start before the waiter can be parked, so Close (under the lock) sees it.
            var waiter = _waiter ??= new Waiter(this);
            return waiter.Start(releaseOnResult, cancellationToken);
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

        internal bool HasNewerLocked()
        {
            Debug.Assert(_owner._lock.IsHeldByCurrentThread);
            return _owner._version > _lastVersion;
        }

        // The one place a watcher accepts a value: the pair is read under the lock and only if its version
        // is above the last one returned, which is what makes out-of-order Gets impossible.
        internal T TakeLocked()
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

                // A finalized watcher is never parked: the parked list would have kept its waiter, and so it, alive.
                Debug.Assert(!fromFinalizer || _waiter is not { IsParked: true });
                _waiter?.EndByDisposeLocked();
            }
        }
    }
}
