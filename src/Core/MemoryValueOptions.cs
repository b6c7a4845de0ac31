namespace EventDashboard.Core;

/// <summary>Options for a <see cref="MemoryValue{T}"/>.</summary>
public sealed class MemoryValueOptions
{
    /// <summary>
    /// Gets a value indicating whether Sets wait for delivery. When true, <see cref="MemoryValue{T}.SetAsync"/>
    /// completes (and <see cref="MemoryValue{T}.Set"/> returns) only after every watcher that existed at the Set
    /// has received that value or was disposed, so watchers see every value in order. The default is false:
    /// Sets never wait and slow watchers skip to the newest value.
    /// </summary>
    public bool Sync { get; init; }
}
