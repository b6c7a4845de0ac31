namespace EventDashboard.Benchmarks.Soak;

/// <summary>What the watchers and setters of one run counted; every field is updated with Interlocked.</summary>
internal sealed class SoakCounters
{
    public long Sets;
    public long SetErrors;
    public long Deliveries;
    public long Skipped;
    public long OutOfOrder;
    public long WatcherErrors;

    public LatencyHistogram Latency { get; } = new();

    /// <summary>Counts one delivery of <paramref name="version"/> to a watcher that last saw <paramref name="previous"/>.</summary>
    public void Delivered(long previous, long version, long sentTimestamp)
    {
        Interlocked.Increment(ref Deliveries);
        if (version <= previous)
        {
            Interlocked.Increment(ref OutOfOrder);
        }
        else if (previous > 0 && version > previous + 1)
        {
            Interlocked.Add(ref Skipped, version - previous - 1);
        }

        if (sentTimestamp > 0)
        {
            Latency.Record(sentTimestamp);
        }
    }
}
