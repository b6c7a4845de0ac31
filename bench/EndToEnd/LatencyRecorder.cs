using System.Diagnostics;

namespace EventDashboard.Benchmarks.EndToEnd;

/// <summary>
/// Set-to-delivery latencies. The setter stamps each sequence number when its Set starts; a receiver reports
/// each sequence number it sees. Latency is measured from the stamp, so a Set that waited does not hide its wait.
/// </summary>
internal sealed class LatencyRecorder
{
    private readonly long[] _sentAt;
    private readonly List<double>[] _perReceiver;
    private readonly int[] _lastSeen;
    private long _deliveries;

    public LatencyRecorder(int receivers, int maxSeq)
    {
        _sentAt = new long[maxSeq + 1];
        _perReceiver = Enumerable.Range(0, receivers).Select(_ => new List<double>()).ToArray();
        _lastSeen = new int[receivers];
    }

    public long Deliveries => Interlocked.Read(ref _deliveries);

    public bool Recording { get; set; } = true;

    public void Sent(int seq) => Volatile.Write(ref _sentAt[seq], Stopwatch.GetTimestamp());

    /// <summary>Called by receiver <paramref name="receiver"/> (always from one thread at a time) for each value it sees.</summary>
    public void Received(int receiver, int seq)
    {
        var now = Stopwatch.GetTimestamp();
        Volatile.Write(ref _lastSeen[receiver], seq);
        Interlocked.Increment(ref _deliveries);
        var sent = seq < _sentAt.Length ? Volatile.Read(ref _sentAt[seq]) : 0;
        if (Recording && sent != 0)
        {
            _perReceiver[receiver].Add(Stopwatch.GetElapsedTime(sent, now).TotalMilliseconds);
        }
    }

    /// <summary>Waits until every receiver (but those in <paramref name="except"/>) has seen <paramref name="seq"/> or newer.</summary>
    public async Task WaitAllAsync(int seq, TimeSpan timeout, int except = -1)
    {
        var deadline = Stopwatch.StartNew();
        var spins = 0;
        while (true)
        {
            var done = true;
            for (var i = 0; i < _lastSeen.Length; i++)
            {
                if (i != except && Volatile.Read(ref _lastSeen[i]) < seq)
                {
                    done = false;
                    break;
                }
            }

            if (done)
            {
                return;
            }

            if (deadline.Elapsed > timeout)
            {
                throw new TimeoutException($"Not every receiver saw {seq} within {timeout}.");
            }

            // Polling keeps the receivers' hot path free of any signalling; it yields rather than sleeps at first.
            if (++spins < 50)
            {
                await Task.Yield();
            }
            else
            {
                await Task.Delay(1);
            }
        }
    }

    /// <summary>Describes the receivers that have not seen <paramref name="seq"/>, for a failed wait.</summary>
    public string Lagging(int seq, int except = -1) => string.Join(", ", _lastSeen
        .Select((last, receiver) => (last, receiver))
        .Where(r => r.receiver != except && r.last < seq)
        .Select(r => $"#{r.receiver} at {r.last}"));

    public (double P50, double P99, double Max, int Count) Summary()
    {
        var all = _perReceiver.SelectMany(l => l).Order().ToArray();
        if (all.Length == 0)
        {
            return (double.NaN, double.NaN, double.NaN, 0);
        }

        return (Percentile(all, 0.50), Percentile(all, 0.99), all[^1], all.Length);
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
