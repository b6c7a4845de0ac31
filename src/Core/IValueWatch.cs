namespace EventDashboard.Core;

/// <summary>
/// A source of values that can be watched. Each watcher sees the newest value, never a backlog
/// and never an older value after a newer one.
/// </summary>
/// <typeparam name="T">The type of the value.</typeparam>
public interface IValueWatch<T>
{
    /// <summary>Creates a new watcher of this value. Dispose it when done.</summary>
    /// <returns>A watcher whose first <see cref="IWatcher{T}.GetAsync(CancellationToken)"/> returns the current value.</returns>
    IWatcher<T> Watch();
}
