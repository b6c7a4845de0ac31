using System.Diagnostics;
using System.Globalization;
using EventDashboard.Benchmarks.EndToEnd;

namespace EventDashboard.Benchmarks.Soak;

/// <summary>Prints one table row per interval: rates, latency percentiles, the server's resident memory and errors.</summary>
internal sealed class Reporter(SoakCounters counters, Func<ServerProcess> server)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private long _sets;
    private long _deliveries;
    private long _skipped;

    public async Task RunAsync(string phase, TimeSpan duration, TimeSpan interval, List<long> residents)
    {
        var end = _clock.Elapsed + duration;
        while (end - _clock.Elapsed > TimeSpan.FromMilliseconds(100))
        {
            var step = end - _clock.Elapsed < interval ? end - _clock.Elapsed : interval;
            var started = _clock.Elapsed;
            await Task.Delay(step);
            var seconds = (_clock.Elapsed - started).TotalSeconds;
            var sets = Interlocked.Read(ref counters.Sets);
            var deliveries = Interlocked.Read(ref counters.Deliveries);
            var skipped = Interlocked.Read(ref counters.Skipped);
            var (_, p50, p99) = counters.Latency.TakeAndReset();
            var resident = server().ResidentBytes();
            residents.Add(resident);
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"| {phase} | {_clock.Elapsed.TotalSeconds:F0} s | {(sets - _sets) / seconds:N0} | {(deliveries - _deliveries) / seconds:N0} | {(skipped - _skipped) / seconds:N0} | {p50:F1} ms | {p99:F1} ms | {Program.Mb(resident)} | {counters.SetErrors} Set, {counters.OutOfOrder} order, {counters.WatcherErrors} reconnects |"));
            (_sets, _deliveries, _skipped) = (sets, deliveries, skipped);
        }
    }
}
