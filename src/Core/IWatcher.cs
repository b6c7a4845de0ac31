namespace EventDashboard.Core;

/// <summary>
/// One consumer's view of a value. The first Get returns the current value; each later Get waits for a
/// newer one. Versions returned by one watcher strictly increase. One Get may be pending at a time.
/// </summary>
/// <typeparam name="T">The type of the value.</typeparam>
public interface IWatcher<T> : IDisposable
{
    /// <summary>Waits for a value newer than the last one this watcher returned.</summary>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>A task whose result is the newest value.</returns>
    /// <exception cref="OperationCanceledException">The wait was cancelled; the watcher stays usable.</exception>
    /// <exception cref="ObjectDisposedException">The watcher was disposed.</exception>
    /// <exception cref="InvalidOperationException">Another Get is pending on this watcher.</exception>
    ValueTask<T> GetAsync(CancellationToken cancellationToken = default);

    /// <summary>Waits for a value newer than the last one this watcher returned, filtered by <paramref name="options"/>.</summary>
    /// <param name="options">A predicate that values must pass, and whether to wait at all.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>A task whose result is the newest value that passes the predicate.</returns>
    /// <exception cref="BacklogDoneException"><see cref="GetOptions{T}.BacklogOnly"/> is set and no newer value is pending.</exception>
    /// <exception cref="OperationCanceledException">The wait was cancelled; the watcher stays usable.</exception>
    /// <exception cref="ObjectDisposedException">The watcher was disposed.</exception>
    /// <exception cref="InvalidOperationException">Another Get is pending on this watcher.</exception>
    ValueTask<T> GetAsync(GetOptions<T> options, CancellationToken cancellationToken = default);
}
