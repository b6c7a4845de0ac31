namespace EventDashboard.Core;

/// <summary>A piece of state that a producer sets and any number of watchers follow.</summary>
/// <typeparam name="T">The type of the value.</typeparam>
public interface IValue<T> : IValueWatch<T>
{
    /// <summary>Sets a new value. Every watcher will see this value or a newer one.</summary>
    /// <param name="value">The new value.</param>
    void Set(T value);

    /// <summary>Sets a new value. Every watcher will see this value or a newer one.</summary>
    /// <param name="value">The new value.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>A task that completes when the value is set (and, for synchronous values, delivered).</returns>
    ValueTask SetAsync(T value, CancellationToken cancellationToken = default);
}
