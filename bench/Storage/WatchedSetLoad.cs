using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace EventDashboard.Benchmarks.Storage;

/// <summary>
/// Closed-loop Sets on one node with a watcher of every setter's name on another (or the same) node: each setter
/// sends a Set to its own name, waits for the answer and sends the next, while an event stream of that name on
/// the watching node reports when each Set arrived. A Set counts when its answer arrives inside the measured
/// window; its watcher latency is from the moment it was sent to the moment the stream delivered it. Newest-only
/// delivery may skip a Set that a newer one replaced before the stream wrote it; such a Set has no watcher latency.
/// </summary>
internal sealed class WatchedSetLoad
{
    private readonly EventDashboardTarget _setOn;
    private readonly long _from;
    private readonly long _to;
    private readonly ConcurrentDictionary<long, long>[] _sent;
    private readonly SetTally _tally;
    private readonly List<double>[] _watchLatencies;
    private readonly long[] _lastVersion;
    private long _backwards;

    private WatchedSetLoad(EventDashboardTarget setOn, int setters, TimeSpan warmup, TimeSpan duration)
    {
        _setOn = setOn;
        _from = Stopwatch.GetTimestamp() + (long)(warmup.TotalSeconds * Stopwatch.Frequency);
        _to = _from + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        _sent = [.. Enumerable.Range(0, setters).Select(_ => new ConcurrentDictionary<long, long>())];
        _tally = new SetTally(setters);
        _watchLatencies = [.. Enumerable.Range(0, setters).Select(_ => new List<double>(1 << 14))];
        _lastVersion = new long[setters];
    }

    /// <summary>
    /// Runs <paramref name="setters"/> setters on <paramref name="setOn"/> with their watchers on
    /// <paramref name="watchOn"/>, under the target name <paramref name="name"/>.
    /// </summary>
    /// <returns>The measured row, and the first error if there were any.</returns>
    public static async Task<(WatchedSetResult Result, string? FirstError)> RunAsync(
        string name, EventDashboardTarget setOn, EventDashboardTarget watchOn, int setters, TimeSpan warmup, TimeSpan duration)
    {
        using var setHttp = BenchHttp.NewClient(setOn.BaseAddress);
        using var watchHttp = BenchHttp.NewClient(watchOn.BaseAddress);

        // Each name exists before its stream opens (a stream of a missing value is refused), and each stream is
        // open before the load starts. Names are per run, so that a run's watchers never see a previous run's Sets.
        var prefix = $"{setters}-";
        var watchers = new List<SseWatcher>();
        WatchedSetLoad? load = null;
        try
        {
            for (var s = 0; s < setters; s++)
            {
                using var first = setOn.NewSet(prefix, s, 0);
                using var answer = await setHttp.SendAsync(first);
                answer.EnsureSuccessStatusCode();
            }

            var holder = new StrongBox<WatchedSetLoad>();
            for (var s = 0; s < setters; s++)
            {
                var setter = s;
                var watcher = new SseWatcher(watchHttp, setOn.ValueName(prefix, s), (data, at) => holder.Value?.Delivered(setter, data.GetProperty("version").GetInt64(), SetPayload.N(data), at));
                watchers.Add(watcher);
                await watcher.StartAsync();
            }

            load = holder.Value = new WatchedSetLoad(setOn, setters, warmup, duration);
            var running = Enumerable.Range(0, setters).Select(s => Task.Run(() => load.SetterAsync(setHttp, prefix, s))).ToArray();
            await Task.WhenAll(running);

            // The last Sets' events may still be on their way: a short grace for them, bounded, not a synchronization.
            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }
        finally
        {
            foreach (var watcher in watchers)
            {
                await watcher.DisposeAsync();
            }
        }

        var sets = load._tally.SortedLatencies();
        double[] watched;
        lock (load._watchLatencies)
        {
            watched = [.. load._watchLatencies.SelectMany(l => l).Order()];
        }

        return (new WatchedSetResult(
            name, setters, sets.Length, load._tally.Errors, duration.TotalSeconds,
            Percentile.Of(sets, 0.50), Percentile.Of(sets, 0.99),
            watched.Length, Percentile.Of(watched, 0.50), Percentile.Of(watched, 0.99), Interlocked.Read(ref load._backwards)), load._tally.FirstError);
    }

    private void Delivered(int setter, long version, long n, long at)
    {
        if (version < _lastVersion[setter])
        {
            Interlocked.Increment(ref _backwards);
        }

        _lastVersion[setter] = Math.Max(_lastVersion[setter], version);
        if (n > 0 && _sent[setter].TryRemove(n, out var sent) && sent >= _from && sent < _to)
        {
            lock (_watchLatencies)
            {
                _watchLatencies[setter].Add(Stopwatch.GetElapsedTime(sent, at).TotalMilliseconds);
            }
        }
    }

    private async Task SetterAsync(HttpClient http, string prefix, int setter)
    {
        for (long n = 1; ; n++)
        {
            var sent = Stopwatch.GetTimestamp();
            if (sent >= _to)
            {
                return;
            }

            _sent[setter][n] = sent;
            using var request = _setOn.NewSet(prefix, setter, n);
            var error = await BenchHttp.SendSetAsync(http, request);

            var answered = Stopwatch.GetTimestamp();
            if (sent < _from || answered >= _to)
            {
                // Only Sets sent and answered inside the window count, so that watcher latencies belong to counted Sets.
                if (answered >= _to)
                {
                    _sent[setter].TryRemove(n, out _);
                }

                continue;
            }

            _tally.Add(setter, sent, answered, error);
        }
    }
}
