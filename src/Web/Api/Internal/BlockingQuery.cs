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
    /// (a Set or a delete), <paramref name="wait"/> passes or the host is <paramref name="stopping"/>, which ends the
    /// wait early exactly as a timeout would. The wait counts as one of the value's watchers.
    /// </summary>
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
            stopping,
            cancellationToken);
    }

    /// <summary>
    /// Waits, without holding a thread, until a value under <paramref name="prefix"/> changes at a log index above
    /// <paramref name="index"/>, <paramref name="wait"/> passes or the host is <paramref name="stopping"/>.
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
            stopping,
            cancellationToken);
    }

    // A timeout or shutdown ends the wait as an answer with what is current; only the client's own cancellation
    // is an error.
    private static async Task<T> WaitOrTimeOutAsync<T>(
        Func<CancellationToken, Task<T>> wait,
        Func<T> current,
        TimeSpan timeLimit,
        TimeProvider time,
        EventDashboardMetrics metrics,
        CancellationToken stopping,
        CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(timeLimit, time);
        using var waiting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token, stopping);
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
