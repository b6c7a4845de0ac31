using EventDashboard.Client;
using EventDashboard.Core;
using EventDashboard.Web.Values;

namespace EventDashboard.Web.Api.Internal;

/// <summary>The wait of a Consul-style blocking query: until a value's version exceeds an index, or a timeout.</summary>
internal static class BlockingQuery
{
    /// <summary>
    /// Waits, without holding a thread, until <paramref name="name"/> has a version above <paramref name="index"/>
    /// or <paramref name="wait"/> passes. The wait counts as one of the value's watchers.
    /// </summary>
    /// <returns>The newer snapshot; after a timeout the current one, or <see langword="null"/> when still never set.</returns>
    public static async Task<ValueSnapshot?> WaitAsync(
        ValueRegistry registry, string name, long index, TimeSpan wait, TimeProvider time, CancellationToken cancellationToken)
    {
        if (registry.Get(name) is { } current && current.Version > index)
        {
            return current;
        }

        using var timeout = new CancellationTokenSource(wait, time);
        using var waiting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        using var watcher = registry.Watch(name);
        try
        {
            return await watcher.GetAsync(GetOptions<ValueSnapshot>.Where(s => s.Version > index), waiting.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return registry.Get(name);
        }
    }
}
