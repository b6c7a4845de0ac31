using System.Diagnostics;

namespace EventDashboard.Benchmarks.Storage;

/// <summary>
/// Closed-loop Sets against one target: each setter sends a Set, waits for the answer, and sends the next,
/// always to its own name. Setters run through a warm-up (connections opened, code JIT-compiled, the store's
/// files grown), then a measured window: a Set counts when its answer arrives inside the window, and its
/// latency is from the moment it was sent to the moment its whole answer was read.
/// </summary>
internal sealed class SetLoad
{
    private readonly SetTarget _target;
    private readonly HttpClient _http;
    private readonly long _from;
    private readonly long _to;
    private readonly SetTally _tally;

    private SetLoad(SetTarget target, HttpClient http, int setters, TimeSpan warmup, TimeSpan duration)
    {
        _target = target;
        _http = http;
        _from = Stopwatch.GetTimestamp() + Ticks(warmup);
        _to = _from + Ticks(duration);
        _tally = new SetTally(setters);
    }

    /// <summary>Runs <paramref name="setters"/> setters against <paramref name="target"/> for <paramref name="warmup"/>, then measures them for <paramref name="duration"/>.</summary>
    /// <returns>A task that completes with the measured row once every setter has stopped.</returns>
    public static async Task<SetResult> RunAsync(SetTarget target, HttpClient http, int setters, TimeSpan warmup, TimeSpan duration)
    {
        var load = new SetLoad(target, http, setters, warmup, duration);
        var running = Enumerable.Range(0, setters).Select(s => Task.Run(() => load.SetterAsync(s))).ToArray();

        await DelayUntilAsync(load._from);
        var targetCpu = target.CpuTime();
        var ownCpu = OwnCpuTime();
        await DelayUntilAsync(load._to);
        var targetCores = (target.CpuTime() - targetCpu).TotalSeconds / duration.TotalSeconds;
        var ownCores = (OwnCpuTime() - ownCpu).TotalSeconds / duration.TotalSeconds;
        await Task.WhenAll(running);

        var all = load._tally.SortedLatencies();
        return new SetResult(
            target.Name, setters, all.Length, load._tally.Errors, load._tally.FirstError, duration.TotalSeconds,
            Percentile.Of(all, 0.50), Percentile.Of(all, 0.99), all.Length == 0 ? double.NaN : all[^1], targetCores, ownCores);
    }

    private static long Ticks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);

    private static TimeSpan OwnCpuTime()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }

    private static async Task DelayUntilAsync(long timestamp)
    {
        var left = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), timestamp);
        if (left > TimeSpan.Zero)
        {
            await Task.Delay(left);
        }
    }

    private async Task SetterAsync(int setter)
    {
        for (long n = 1; ; n++)
        {
            var sent = Stopwatch.GetTimestamp();
            if (sent >= _to)
            {
                return;
            }

            using var request = _target.NewSet(setter, n);
            var error = await BenchHttp.SendSetAsync(_http, request);

            var answered = Stopwatch.GetTimestamp();
            if (answered < _from || answered >= _to)
            {
                continue;
            }

            _tally.Add(setter, sent, answered, error);
        }
    }
}
