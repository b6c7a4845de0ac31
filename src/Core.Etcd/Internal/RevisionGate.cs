using System.Diagnostics;

namespace EventDashboard.Core.Etcd.Internal;

/// <summary>
/// The revision a mirror has applied, and the writers waiting to see theirs: a write is acknowledged to its caller
/// only once the mirror shows it, so that a watcher created after the write returned sees it or a newer state.
/// </summary>
internal sealed class RevisionGate
{
    private readonly Lock _lock = new();
    private readonly List<(long Revision, TaskCompletionSource Done)> _waiters = [];
    private long _revision;

    /// <summary>Gets the applied revision.</summary>
    public long Revision
    {
        get
        {
            lock (_lock)
            {
                return _revision;
            }
        }
    }

    /// <summary>Records that every revision up to <paramref name="revision"/> is applied and releases its waiters.</summary>
    /// <param name="revision">The revision; a lower one than before changes nothing.</param>
    public void Advance(long revision)
    {
        List<TaskCompletionSource>? done = null;
        lock (_lock)
        {
            if (revision <= _revision)
            {
                return;
            }

            _revision = revision;
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Revision <= revision)
                {
                    (done ??= []).Add(_waiters[i].Done);
                    _waiters.RemoveAt(i);
                }
            }
        }

        // Completed outside the lock; their continuations run on the thread pool (RunContinuationsAsynchronously).
        done?.ForEach(d => d.TrySetResult());
    }

    /// <summary>Waits until <paramref name="revision"/> is applied.</summary>
    /// <param name="revision">The revision to wait for.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>A task that completes when the revision is applied.</returns>
    public Task WaitAsync(long revision, CancellationToken cancellationToken)
    {
        TaskCompletionSource done;
        lock (_lock)
        {
            if (revision <= _revision)
            {
                return Task.CompletedTask;
            }

            done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((revision, done));
            Debug.Assert(_waiters.Count < 100_000, "Waiters are writers in flight, never an unbounded backlog.");
        }

        return done.Task.WaitAsync(cancellationToken);
    }
}
