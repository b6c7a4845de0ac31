using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace EventDashboard.Benchmarks.Storage;

/// <summary>
/// The leader kill: one setter sends Sets back to back to node A, an event stream of the same value is open on
/// node B, and a reader asks node B for the value every 50 ms; after a steady stretch the etcd leader is killed
/// with SIGKILL. It reports how long Sets through A stalled, how they failed meanwhile, and what B's watcher
/// and readers saw: whether the watcher stayed on its last value, went back to an older version, and when it
/// resumed. The setter's HTTP timeout (30 s) is longer than the server's etcd deadline, so every Set gets the
/// server's own answer.
/// </summary>
internal static class LeaderKill
{
    private const string Name = "leader-kill-";

    private static readonly TimeSpan Steady = TimeSpan.FromSeconds(3);

    private static readonly TimeSpan After = TimeSpan.FromSeconds(3);

    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    /// <summary>Runs the kill on <paramref name="members"/> with Sets on <paramref name="a"/> and watching on <paramref name="b"/>.</summary>
    /// <returns>Markdown lines that describe what happened, and whether anything went wrong (a lost acknowledged Set, a version backwards).</returns>
    public static async Task<(IReadOnlyList<string> Lines, bool Failed)> RunAsync(IReadOnlyList<EtcdProcess> members, EventDashboardTarget a, EventDashboardTarget b)
    {
        using var setHttp = BenchHttp.NewClient(a.BaseAddress);
        using var watchHttp = BenchHttp.NewClient(b.BaseAddress);
        setHttp.Timeout = TimeSpan.FromSeconds(30);
        using (var first = a.NewSet(Name, 0, 0))
        using (var answer = await setHttp.SendAsync(first))
        {
            answer.EnsureSuccessStatusCode();
        }

        var events = new ConcurrentQueue<(long Version, long N, long At)>();
        await using var watcher = new SseWatcher(watchHttp, a.ValueName(Name, 0), (data, at) => events.Enqueue((data.GetProperty("version").GetInt64(), SetPayload.N(data), at)));
        await watcher.StartAsync();

        var sets = new ConcurrentQueue<(long N, long Sent, long Answered, string? Error)>();
        var reads = new ConcurrentQueue<(long At, int Status, bool Stale)>();
        long killedAt = 0;
        long resumedAt = 0;
        using var stop = new CancellationTokenSource();

        var setter = Task.Run(async () =>
        {
            for (long n = 1; !stop.IsCancellationRequested; n++)
            {
                var sent = Stopwatch.GetTimestamp();
                string? error = null;
                try
                {
                    using var request = a.NewSet(Name, 0, n);
                    using var response = await setHttp.SendAsync(request);
                    if (!response.IsSuccessStatusCode)
                    {
                        error = ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
                    }
                }
                catch (HttpRequestException e)
                {
                    error = e.Message;
                }
                catch (TaskCanceledException)
                {
                    error = "timeout";
                }

                var answered = Stopwatch.GetTimestamp();
                sets.Enqueue((n, sent, answered, error));
                if (error is null && Interlocked.Read(ref killedAt) != 0 && sent > Interlocked.Read(ref killedAt))
                {
                    Interlocked.CompareExchange(ref resumedAt, answered, 0);
                }
            }
        });

        var reader = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    using var response = await watchHttp.GetAsync("api/values/" + a.ValueName(Name, 0));
                    reads.Enqueue((Stopwatch.GetTimestamp(), (int)response.StatusCode, response.Headers.TryGetValues("X-Stale", out var stale) && stale.Contains("true")));
                }
                catch (HttpRequestException)
                {
                    reads.Enqueue((Stopwatch.GetTimestamp(), 0, false));
                }

                // The reader samples; its pace is part of the measurement, not a synchronization.
                await Task.Delay(50);
            }
        });

        await Task.Delay(Steady);
        EtcdProcess? leader = null;
        foreach (var member in members)
        {
            if (await member.IsLeaderAsync())
            {
                leader = member;
            }
        }

        if (leader is null)
        {
            throw new InvalidOperationException("No etcd member says it is the leader.");
        }

        var leaderIndex = members.ToList().IndexOf(leader);
        // The kill counts from the moment the process is gone: a Set sent just before may still commit.
        await leader.KillAsync();
        Interlocked.Exchange(ref killedAt, Stopwatch.GetTimestamp());
        Console.Error.WriteLine($"cluster: killed the etcd leader (member {leaderIndex}) with SIGKILL");
        var clock = Stopwatch.StartNew();
        while (Interlocked.Read(ref resumedAt) == 0 && clock.Elapsed < Limit)
        {
            await Task.Delay(100);
        }

        await Task.Delay(After);
        await stop.CancelAsync();
        await Task.WhenAll(setter, reader);

        // The last Set's event may still be on its way to B: wait for it, bounded.
        var lastAcknowledged = sets.Where(s => s.Error is null).Select(s => s.N).DefaultIfEmpty(0).Max();
        var waited = Stopwatch.StartNew();
        while (!events.Any(e => e.N == lastAcknowledged) && waited.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(50);
        }

        return Describe(leaderIndex, killedAt, resumedAt, [.. sets], [.. reads], [.. events], watcher.Reconnects, lastAcknowledged);
    }

    private static (IReadOnlyList<string> Lines, bool Failed) Describe(
        int leaderIndex, long killedAt, long resumedAt,
        IReadOnlyList<(long N, long Sent, long Answered, string? Error)> sets,
        IReadOnlyList<(long At, int Status, bool Stale)> reads,
        IReadOnlyList<(long Version, long N, long At)> events,
        long reconnects, long lastAcknowledged)
    {
        double Ms(long from, long to) => Stopwatch.GetElapsedTime(from, to).TotalMilliseconds;
        var resumed = resumedAt != 0;
        var end = resumed ? resumedAt : sets[^1].Answered;

        var before = sets.Where(s => s.Error is null && s.Answered < killedAt).ToList();
        var failed = sets.Where(s => s.Error is not null).ToList();
        var failures = string.Join(", ", failed.GroupBy(s => s.Error).Select(g => string.Create(CultureInfo.InvariantCulture,
            $"{g.Count()} x {g.Key} (answered after {g.Min(s => Ms(s.Sent, s.Answered)):N0} to {g.Max(s => Ms(s.Sent, s.Answered)):N0} ms)")));
        var ackGaps = sets.Where(s => s.Error is null).Select(s => s.Answered).Order().ToArray();
        var longestGap = ackGaps.Zip(ackGaps.Skip(1), (x, y) => Ms(x, y)).DefaultIfEmpty(0).Max();
        var stalled = sets.Where(s => s.Sent < end && s.Answered > killedAt && s.Error is null).ToList();
        var slowest = stalled.Select(s => Ms(s.Sent, s.Answered)).DefaultIfEmpty(0).Max();

        var lastBefore = events.Where(e => e.At < killedAt).Select(e => e.Version).DefaultIfEmpty(0).Max();
        var during = events.Where(e => e.At >= killedAt && e.At < end).ToList();
        var firstAfter = events.Where(e => e.At >= killedAt).Select(e => (long?)e.At).FirstOrDefault();
        var backwards = events.Zip(events.Skip(1), (x, y) => y.Version < x.Version).Count(x => x);
        var duringReads = reads.Where(r => r.At >= killedAt && r.At < end).ToList();
        var lost = !events.Any(e => e.N == lastAcknowledged);

        var lines = new List<string>
        {
            "| measure | result |",
            "|---|---|",
            $"| killed | the etcd leader (member {leaderIndex} of 3), SIGKILL, after {Steady.TotalSeconds:0} s of steady Sets ({before.Count:N0} acknowledged) |",
            resumed
                ? string.Create(CultureInfo.InvariantCulture, $"| writes through node A stalled | **{Ms(killedAt, resumedAt):N0} ms** from the kill (the process gone) to the answer of the first Set sent after it that succeeded; longest gap between two acknowledgements {longestGap:N0} ms; slowest Set in flight across the kill {slowest:N0} ms |")
                : $"| writes through node A stalled | did not resume within {Limit.TotalSeconds:0} s |",
            $"| Sets that failed (whole run) | {(failed.Count == 0 ? "none (Sets in flight waited, then succeeded)" : failures)} |",
            string.Create(CultureInfo.InvariantCulture, $"| watcher on node B during the stall | {(during.Count == 0 ? $"no event: it stayed on version {lastBefore}" : $"{during.Count} event(s), versions {during.Min(e => e.Version)} to {during.Max(e => e.Version)} (last before the kill: {lastBefore})")}; stream reconnects: {reconnects} |"),
            firstAfter is { } at
                ? string.Create(CultureInfo.InvariantCulture, $"| watcher on node B resumed | first new event {Ms(killedAt, at):N0} ms after the kill |")
                : "| watcher on node B resumed | no event after the kill |",
            $"| versions backwards on node B | {backwards} over the whole run ({events.Count:N0} events) |",
            $"| reads of node B during the stall | {duringReads.Count} reads: {duringReads.Count(r => r.Status == 200)} answered 200, {duringReads.Count(r => r.Stale)} marked `X-Stale` |",
            $"| last acknowledged Set (n = {lastAcknowledged:N0}) reached node B's watcher | {(lost ? "**no**" : "yes")} |",
        };

        return (lines, lost || backwards > 0 || !resumed);
    }
}
