using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using EventDashboard.Client;

namespace EventDashboard.Benchmarks.Storage;

/// <summary>
/// The node kill: a node of its own (C) on the cluster serves .NET clients (<see cref="EventDashboardClient"/> with
/// <c>FailoverUrls = [B]</c>), each watching one value that a setter on node B sets back to back; after a steady
/// stretch node C's process is killed with SIGKILL. It reports how long the clients took from the kill to their first
/// fresh value (one set after C was gone, so only B can have delivered it), what they saw meanwhile (their connection
/// state, their watchers' values), and whether any watcher went back a version. One run per transport.
/// </summary>
internal static class NodeKill
{
    private const string Name = "node-kill-";

    private const int Clients = 20;

    private static readonly TimeSpan Steady = TimeSpan.FromSeconds(2);

    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    /// <summary>Runs the kill with the hub (WebSockets) and with blocking queries, B being the node clients fail over to.</summary>
    /// <returns>Markdown lines, and whether anything went wrong (a version backwards, clients that did not resume in 60 s).</returns>
    public static async Task<(IReadOnlyList<string> Lines, bool Failed)> RunAsync(IReadOnlyList<EtcdProcess> members, EventDashboardTarget b)
    {
        var lines = new List<string>
        {
            "| transport | clients | resumed on B | kill to first fresh value p50 / max | meanwhile | versions backwards |",
            "|---|---:|---:|---:|---|---:|",
        };
        var failed = false;
        foreach (var transport in new[] { ClientTransport.WebSockets, ClientTransport.BlockingQueries })
        {
            Console.Error.WriteLine($"cluster: the node kill, {Clients} clients over {transport}");
            var (row, rowFailed) = await RunOneAsync(members, b, transport);
            Console.Error.WriteLine(row);
            lines.Add(row);
            failed |= rowFailed;
        }

        return (lines, failed);
    }

    private static async Task<(string Row, bool Failed)> RunOneAsync(IReadOnlyList<EtcdProcess> members, EventDashboardTarget b, ClientTransport transport)
    {
        var prefix = Name + transport.ToString().ToLowerInvariant() + "-";
        var name = b.ValueName(prefix, 0);
        await using var c = await EventDashboardTarget.StartOnEtcdAsync("node C", members);
        using var setHttp = BenchHttp.NewClient(b.BaseAddress);
        long lastSet = 0;
        using var stop = new CancellationTokenSource();
        var setter = Task.Run(async () =>
        {
            for (long n = 1; !stop.IsCancellationRequested; n++)
            {
                if (await BenchHttp.SendSetAsync(setHttp, b.NewSet(prefix, 0, n)) is { } error)
                {
                    throw new InvalidOperationException($"A Set on node B failed: {error}");
                }

                Interlocked.Exchange(ref lastSet, n);
            }
        });

        var watchers = new List<ClientWatch>();
        try
        {
            for (var i = 0; i < Clients; i++)
            {
                watchers.Add(ClientWatch.Start(c.BaseAddress, b.BaseAddress, transport, name, stop.Token));
            }

            await Task.WhenAll(watchers.Select(w => w.FirstValue)).WaitAsync(Limit);
            await Task.Delay(Steady);

            // The kill counts from the signal; a value set once the process is gone can only come from node B.
            var killedAt = Stopwatch.GetTimestamp();
            await c.KillAsync();
            var setAtKill = Interlocked.Read(ref lastSet);
            var clock = Stopwatch.StartNew();
            while (watchers.Any(w => w.Latest <= setAtKill) && clock.Elapsed < Limit)
            {
                // Sampling for the report; the clients' own signals are what is measured.
                await Task.Delay(50);
            }

            await stop.CancelAsync();
            await setter.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (setter.Exception is { } setterError)
            {
                throw setterError;
            }

            return Describe(transport, killedAt, setAtKill, watchers);
        }
        finally
        {
            await stop.CancelAsync();
            foreach (var watcher in watchers)
            {
                await watcher.DisposeAsync();
            }
        }
    }

    private static (string Row, bool Failed) Describe(ClientTransport transport, long killedAt, long setAtKill, IReadOnlyList<ClientWatch> watchers)
    {
        double Ms(long from, long to) => Stopwatch.GetElapsedTime(from, to).TotalMilliseconds;
        var resumes = watchers
            .Select(w => w.Seen.FirstOrDefault(s => s.N > setAtKill))
            .Where(s => s.At != 0)
            .Select(s => Ms(killedAt, s.At))
            .Order()
            .ToArray();
        var backwards = watchers.Sum(w => w.Seen.Zip(w.Seen.Skip(1), (x, y) => y.N < x.N).Count(x => x));

        // Between the kill and its first fresh value: how many values a watcher returned (older ones C had sent
        // but it had not read yet), and whether its connection went through Reconnecting.
        var between = watchers.Sum(w => w.Seen.Count(s => s.At >= killedAt && s.N <= setAtKill));
        var reconnecting = watchers.Count(w => w.States.Any(s => s.At >= killedAt && s.State == ConnectionState.Reconnecting));
        var resumed = string.Create(CultureInfo.InvariantCulture, $"{resumes.Length} of {watchers.Count}");
        var times = resumes.Length == 0
            ? "none"
            : string.Create(CultureInfo.InvariantCulture, $"**{resumes[resumes.Length / 2]:N0}** / {resumes[^1]:N0} ms");
        var meanwhile = string.Create(CultureInfo.InvariantCulture,
            $"{reconnecting} of {watchers.Count} went `Reconnecting`; the watchers held their last value ({between} older value(s) returned in all), none failed");
        return ($"| {transport} | {watchers.Count} | {resumed} | {times} | {meanwhile} | {backwards} |", backwards > 0 || resumes.Length < watchers.Count);
    }

    /// <summary>One client on node C watching the value, with what it saw and when.</summary>
    private sealed class ClientWatch : IAsyncDisposable
    {
        private readonly EventDashboardClient _client;
        private readonly Task _reading;
        private readonly Task _following;
        private readonly TaskCompletionSource _first = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private long _latest;

        private ClientWatch(EventDashboardClient client, string name, CancellationToken stop)
        {
            _client = client;
            _reading = ReadAsync(name, stop);
            _following = FollowAsync(stop);
        }

        public ConcurrentQueue<(long N, long At)> Seen { get; } = new();

        public ConcurrentQueue<(ConnectionState State, long At)> States { get; } = new();

        public Task FirstValue => _first.Task;

        public long Latest => Interlocked.Read(ref _latest);

        public static ClientWatch Start(Uri node, Uri failover, ClientTransport transport, string name, CancellationToken stop) =>
            new(new EventDashboardClient(node, new EventDashboardClientOptions { Transport = transport, FailoverUrls = { failover } }), name, stop);

        public async ValueTask DisposeAsync()
        {
            await Task.WhenAll(_reading, _following).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await _client.DisposeAsync();
        }

        private async Task ReadAsync(string name, CancellationToken stop)
        {
            await Task.Yield();
            using var watcher = _client.Value<JsonElement>(name).Watch();
            while (!stop.IsCancellationRequested)
            {
                var n = (await watcher.GetAsync(stop)).GetProperty("n").GetInt64();
                Seen.Enqueue((n, Stopwatch.GetTimestamp()));
                Interlocked.Exchange(ref _latest, n);
                _first.TrySetResult();
            }
        }

        private async Task FollowAsync(CancellationToken stop)
        {
            await Task.Yield();
            using var watcher = _client.Connection.Watch();
            while (!stop.IsCancellationRequested)
            {
                States.Enqueue((await watcher.GetAsync(stop), Stopwatch.GetTimestamp()));
            }
        }
    }
}
