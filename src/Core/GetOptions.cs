namespace EventDashboard.Core;

/// <summary>Options for one <see cref="IWatcher{T}.GetAsync(GetOptions{T}, CancellationToken)"/> call.</summary>
/// <typeparam name="T">The type of the value.</typeparam>
public sealed class GetOptions<T>
{
    /// <summary>Gets options that wait for any newer value.</summary>
    public static GetOptions<T> Default { get; } = new();

    /// <summary>Gets options that return a pending newer value or throw <see cref="BacklogDoneException"/>.</summary>
    public static GetOptions<T> Backlog { get; } = new() { BacklogOnly = true };

    /// <summary>
    /// Gets the predicate a value must pass to be returned. Values that fail it are consumed and skipped.
    /// It runs on the caller's Get, never under a lock, so it may be slow, but it must not call back into the same watcher.
    /// </summary>
    public Func<T, bool>? Predicate { get; init; }

    /// <summary>
    /// Gets a value indicating whether Get returns only a value that is already pending, throwing
    /// <see cref="BacklogDoneException"/> instead of waiting when there is none.
    /// </summary>
    public bool BacklogOnly { get; init; }

    /// <summary>Creates options that return only values passing <paramref name="predicate"/>.</summary>
    /// <param name="predicate">The filter.</param>
    /// <returns>The options.</returns>
    public static GetOptions<T> Where(Func<T, bool> predicate)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        return new() { Predicate = predicate };
    }
}
