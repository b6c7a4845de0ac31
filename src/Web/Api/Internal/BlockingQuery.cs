using EventDashboard.Core;
using EventDashboard.Web.Operations;
using EventDashboard.Web.Values;
using EventDashboard.Web.Values.Internal;

namespace EventDashboard.Web.Api.Internal;

/// <summary>The wait of a Consul-style blocking query: until a value's version exceeds an index, or a timeout.</summary>
internal static class BlockingQuery
{
    /// <summary>
    /// Waits, without holding a thread, until <paramref name="name"/> has a version above <paramref name="index"/>
    /// (a Set or a delete), <paramref name="wait"/> passes, the host is <paramref name="stopping"/>, or the server
    /// loses its shared store (etcd) during the wait; the last two end it early exactly as a timeout would. The wait
    /// counts as one of the value's watchers.
    /// </summary>
    /// <remarks>
    /// Waking at the loss gives the client an answer marked <c>X-Stale</c> at once, so that it can move to a node
    /// that follows the store instead of learning it when its wait ends. A query that starts while the store is lost
    /// waits as usual: answering it at once would make its client ask again and again.
    /// </remarks>
    /// <param name="stopping">The host's <c>ApplicationStopping</c>: on shutdown the query answers at once.</param>
    /// <returns>
    /// The newer state; after a timeout or on shutdown the current one, or <see langword="null"/> when still never set.
    /// </returns>
    public static async Task<ValueState?> WaitAsync(
        ValueRegistry registry,
        string name,
        long index,
        TimeSpan wait,
        TimeProvider time,
        EventDashboardMetrics metrics,
        CancellationToken stopping,
        CancellationToken cancellationToken)
    {
        if (registry.GetState(name) is { } current && current.Version > index)
        {
            return current;
        }

        return await WaitOrTimeOutAsync(
            async token =>
            {
                using var watcher = registry.WatchStates(name, WatcherKind.BlockingQuery);
                return await watcher.GetStateAsync(GetOptions<ValueState>.Where(s => s.Version > index), token);
            },
            () => registry.GetState(name),
            wait,
            time,
            metrics,
            registry.StoreLost,
            stopping,
            cancellationToken);
    }

    /// <summary>
    /// Waits, without holding a thread, until a value under <paramref name="prefix"/> changes at a log index above
    /// <paramref name="index"/>, <paramref name="wait"/> passes, the host is <paramref name="stopping"/> or the server
    /// loses its shared store, as for <see cref="WaitAsync"/>.
    /// </summary>
    /// <returns>A task that completes when the query should answer.</returns>
    public static async Task WaitForPrefixAsync(
        ValueRegistry registry,
        string prefix,
        long index,
        TimeSpan wait,
        TimeProvider time,
        EventDashboardMetrics metrics,
        CancellationToken stopping,
        CancellationToken cancellationToken)
    {
        await WaitOrTimeOutAsync(
            async token =>
            {
                await registry.WaitForPrefixAsync(prefix, index, token);
                return true;
            },
            () => false,
            wait,
            time,
            metrics,
            registry.StoreLost,
            stopping,
            cancellationToken);
    }

    // A timeout, shutdown or the loss of the store ends the wait as an answer with what is current; only the client's
    // own cancellation is an error.
    private static async Task<T> WaitOrTimeOutAsync<T>(
        Func<CancellationToken, Task<T>> wait,
        Func<T> current,
        TimeSpan timeLimit,
        TimeProvider time,
        EventDashboardMetrics metrics,
        CancellationToken storeLost,
        CancellationToken stopping,
        CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(timeLimit, time);
        using var waiting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token, stopping, storeLost);
        metrics.BlockingQueriesChanged(1);
        try
        {
            return await wait(waiting.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return current();
        }
        finally
        {
            metrics.BlockingQueriesChanged(-1);
        }
    }
}
