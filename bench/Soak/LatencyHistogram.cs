using System.Diagnostics;

namespace EventDashboard.Benchmarks.Soak;

/// <summary>
/// Set-to-watcher latencies in 0.1 ms buckets up to 10 s (longer ones land in the last bucket), recorded from many
/// threads without locks, and read and reset once a minute.
/// </summary>
internal sealed class LatencyHistogram
{
    private const double BucketMs = 0.1;
    private readonly long[] _buckets = new long[100_000];

    public void Record(long sentTimestamp)
    {
        var ms = Stopwatch.GetElapsedTime(sentTimestamp).TotalMilliseconds;
        var bucket = (int)Math.Clamp(ms / BucketMs, 0, _buckets.Length - 1);
        Interlocked.Increment(ref _buckets[bucket]);
    }

    /// <summary>Takes the counts so far and starts again: the percentiles of one interval.</summary>
    public (long Count, double P50, double P99) TakeAndReset()
    {
        var counts = new long[_buckets.Length];
        for (var i = 0; i < counts.Length; i++)
        {
            counts[i] = Interlocked.Exchange(ref _buckets[i], 0);
        }

        var total = counts.Sum();
        return (total, Percentile(counts, total, 0.50), Percentile(counts, total, 0.99));
    }

    private static double Percentile(long[] counts, long total, double p)
    {
        if (total == 0)
        {
            return double.NaN;
        }

        var rank = (long)Math.Ceiling(total * p);
        long seen = 0;
        for (var i = 0; i < counts.Length; i++)
        {
            seen += counts[i];
            if (seen >= rank)
            {
                return (i + 1) * BucketMs;
            }
        }

        return counts.Length * BucketMs;
    }
}
