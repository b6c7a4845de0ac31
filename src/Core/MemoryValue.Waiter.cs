using System.Diagnostics;
using System.Threading.Tasks.Sources;

namespace EventDashboard.Core;

public sealed partial class MemoryValue<T>
{
    /// <summary>
    /// The part of a watcher that only a Get that waits needs: the source its ValueTask awaits, the
    /// cancellation registration and the links of the value's parked list. One per watcher, made by its first Get
    /// that parks and reused by each later one (a watcher has at most one Get pending), so a round of Get, Set and
    /// resume allocates nothing.
    /// </summary>
    [DebuggerDisplay("Parked = {IsParked}")]
    internal sealed class Waiter : IValueTaskSource<T>
    {
        private readonly Watcher _watcher;

        // The pending Get's completion. A Set hands the value over under the lock, so a woken Get neither
        // takes the lock again nor allocates. Reset only by the Get that owns the watcher's _getting.
        private ManualResetValueTaskSourceCore<T> _core = new() { RunContinuationsAsynchronously = true };
        private CancellationTokenRegistration _registration;
        private bool _releaseOnResult;

        // Guarded by the owner's lock. True while linked in the owner's parked list.
        private bool _parked;

        // The value a Set handed off for its caller to complete inline (SetWakingOneInline), until it does.
        private T _handedOff = default!;

        public Waiter(Watcher watcher)
        {
            _watcher = watcher;
        }

        // Guarded by the owner's lock.
        internal Waiter? NextParked { get; set; }

        internal Waiter? PreviousParked { get; set; }

        internal bool IsParked => _parked;

        private MemoryValue<T> Owner => _watcher.Owner;

        // Starts a wait for the next newer value. The caller owns the watcher's _getting.
        public ValueTask<T> Start(bool releaseOnResult, CancellationToken cancellationToken)
        {
            _core.Reset();

            // A completion handed off to a Set's caller runs its continuation inline once (InlineWake.Run) and leaves
            // the flag off; every other completion runs continuations on the thread pool. The handed-off completion
            // happened before this Get could start, and no completion of this Get can happen before it parks, below.
            _core.RunContinuationsAsynchronously = true;
            _releaseOnResult = releaseOnResult;

            // Register before parking: if the token fires now, the callback finds nothing parked and the
            // check under the lock below sees the cancellation instead. The registration is disposed in
            // GetResult, before the next Get can start, so a callback can only ever cancel its own wait.
            if (cancellationToken.CanBeCanceled)
            {
                _registration = cancellationToken.UnsafeRegister(static (state, token) => ((Waiter)state!).CancelPark(token), this);
            }

            lock (Owner._lock)
            {
                if (_watcher.IsDisposedLocked)
                {
                    _core.SetException(new ObjectDisposedException(_watcher.GetType().Name));
                }
                else if (_watcher.HasNewerLocked())
                {
                    _core.SetResult(_watcher.TakeLocked());
                }
                else if (cancellationToken.IsCancellationRequested)
                {
                    _core.SetException(new OperationCanceledException(cancellationToken));
                }
                else
                {
                    _parked = true;
                    Owner.ParkLocked(this);
                }
            }

            return new ValueTask<T>(this, _core.Version);
        }

        // Called under the owner's lock by a Set, after unlinking this waiter from the parked list.
        internal void DeliverLocked()
        {
            Debug.Assert(!_parked);
            _core.SetResult(_watcher.TakeLocked());
        }

        // Called under the owner's lock by a Set, after unlinking: takes the pair now, completes in CompleteInline.
        internal void HandOffLocked()
        {
            Debug.Assert(!_parked);
            _handedOff = _watcher.TakeLocked();
        }

        // Completes a handed-off Get on the calling thread, which holds no lock. Nothing else can complete it: it is
        // no longer parked, so neither a Set, a cancellation nor a Dispose reaches it, and its Get is still pending,
        // so no new Get can reset it.
        internal void CompleteInline()
        {
            var value = _handedOff;
            _handedOff = default!;
            _core.RunContinuationsAsynchronously = false;
            _core.SetResult(value);
        }

        // Called under the owner's lock by the watcher's Close: a parked Get ends with ObjectDisposedException.
        internal void EndByDisposeLocked()
        {
            Debug.Assert(Owner._lock.IsHeldByCurrentThread);
            if (_parked)
            {
                Owner.UnparkLocked(this);
                _core.SetException(new ObjectDisposedException(_watcher.GetType().Name, "The watcher was disposed while a Get was pending."));
            }
        }

        internal void Unpark()
        {
            _parked = false;
            NextParked = null;
            PreviousParked = null;
        }

        private void CancelPark(CancellationToken cancellationToken)
        {
            lock (Owner._lock)
            {
                if (_parked)
                {
                    Owner.UnparkLocked(this);
                    _core.SetException(new OperationCanceledException(cancellationToken));
                }
            }
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
                    _watcher.EndGet();
                }
            }
        }

        ValueTaskSourceStatus IValueTaskSource<T>.GetStatus(short token) => _core.GetStatus(token);

        void IValueTaskSource<T>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
            _core.OnCompleted(continuation, state, token, flags);
    }
}
