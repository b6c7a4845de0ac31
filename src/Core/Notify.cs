using System.Threading.Channels;

namespace EventDashboard.Core;

/// <summary>
/// Keeps a blocking fetch running and reports only what changed, after Consul's blocking-query notify loop.
/// </summary>
public static class Notify
{
    /// <summary>Failures tolerated before the loop starts to back off.</summary>
    internal const int FailuresBeforeBackoff = 3;

    /// <summary>The longest wait between two failed fetches.</summary>
    internal static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Calls <paramref name="fetch"/> with the last index seen, again and again, and writes an
    /// <see cref="UpdateEvent{T}"/> for the first result, for each result whose index differs from the last
    /// one (a lower index means the source was reset), for each error, and for the first result after errors. The first three failures in a row
    /// are retried at once; after that the loop waits 2^(n-3) seconds, at most one minute, shortened by up to
    /// a quarter at random so that many clients do not retry in step. A success resets the count.
    /// </summary>
    /// <typeparam name="T">The type of the fetched value.</typeparam>
    /// <param name="fetch">A blocking fetch: returns when the index exceeds its argument (or its own wait passes) with the value and its index.</param>
    /// <param name="correlationId">An identifier copied into every event.</param>
    /// <param name="writer">Where events are written; it is never completed.</param>
    /// <param name="timeProvider">The clock for back-off waits, or <see langword="null"/> for the system clock.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>A task that runs until <paramref name="cancellationToken"/> fires, then ends as cancelled.</returns>
    public static async Task RunAsync<T>(
        Func<long, CancellationToken, ValueTask<(T Value, long Index)>> fetch,
        string correlationId,
        ChannelWriter<UpdateEvent<T>> writer,
        TimeProvider? timeProvider = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fetch);
        ArgumentNullException.ThrowIfNull(correlationId);
        ArgumentNullException.ThrowIfNull(writer);
        timeProvider ??= TimeProvider.System;

        long minIndex = 0;
        var failures = 0;
        var first = true;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            (T Value, long Index) result;
            try
            {
                result = await fetch(minIndex, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception ex)
            {
                failures++;
                await writer.WriteAsync(new UpdateEvent<T>(correlationId, default, minIndex, ex), cancellationToken).ConfigureAwait(false);
                var wait = Backoff(failures, Random.Shared.NextDouble());
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, timeProvider, cancellationToken).ConfigureAwait(false);
                }

                continue;
            }

            // After errors the consumer's last word is an error, so the first success is reported even at
            // an unchanged index: it tells that the source is back (possibly restarted at the same index).
            var recovered = failures > 0;
            failures = 0;
            if (first || recovered || result.Index != minIndex)
            {
                first = false;
                await writer.WriteAsync(new UpdateEvent<T>(correlationId, result.Value, result.Index, null), cancellationToken).ConfigureAwait(false);
            }

            minIndex = result.Index;
        }
    }

    /// <summary>The wait after <paramref name="failures"/> failures in a row.</summary>
    /// <param name="failures">Failures so far, at least 1.</param>
    /// <param name="random">A number in [0, 1) that picks the jitter.</param>
    /// <returns>Zero for the first three failures, then 2^(n-3) s capped at one minute, less up to 25%.</returns>
    internal static TimeSpan Backoff(int failures, double random)
    {
        if (failures <= FailuresBeforeBackoff)
        {
            return TimeSpan.Zero;
        }

        var shift = failures - FailuresBeforeBackoff;
        var wait = shift >= 6 ? MaxBackoff : TimeSpan.FromSeconds(1 << shift);
        if (wait > MaxBackoff)
        {
            wait = MaxBackoff;
        }

        return wait * (1 - (0.25 * random));
    }
}
