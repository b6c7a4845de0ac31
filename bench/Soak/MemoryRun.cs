using System.Diagnostics;
using System.Globalization;
using System.Text;
using EventDashboard.Benchmarks.EndToEnd;

namespace EventDashboard.Benchmarks.Soak;

/// <summary>
/// The memory budget runs (bench/README.md, "Memory budget"): Sets of 64 KB at full speed from several setters for
/// 30 s while hub watchers read, then 1,000 Sets of 1 MB to one name; the server's resident memory is sampled
/// every 250 ms, and the highest is what counts against the budget.
/// </summary>
internal static class MemoryRun
{
    public static async Task<List<string>> RunAsync(Func<string, int?, Task<ServerProcess>> startServer)
    {
        var rows = new List<string>();
        rows.Add(await MeasureAsync(startServer, "64 KB Sets at full speed for 30 s (16 setters, 10 values, 100 hub watchers)", 64 * 1024, values: 10, setters: 16, duration: TimeSpan.FromSeconds(30), count: null));
        rows.Add(await MeasureAsync(startServer, "1,000 Sets of 1 MB to one name (4 setters, 10 hub watchers)", 1024 * 1024 - 64, values: 1, setters: 4, duration: null, count: 1000));
        return rows;
    }

    private static async Task<string> MeasureAsync(
        Func<string, int?, Task<ServerProcess>> startServer, string scenario, int bytes, int values, int setters, TimeSpan? duration, int? count)
    {
        var data = Directory.CreateTempSubdirectory("eventdashboard-memory-").FullName;
        var server = await startServer(data, null);
        try
        {
            using var http = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromMinutes(1) };
            var counters = new SoakCounters();
            var names = Enumerable.Range(0, values).Select(i => $"memory.v{i}").ToArray();
            var watchers = new List<HubWatcher>();
            for (var i = 0; i < (values == 1 ? 10 : 100); i++)
            {
                var watcher = new HubWatcher(server.BaseAddress, names[i % names.Length], counters);
                await watcher.StartAsync();
                watchers.Add(watcher);
            }

            var before = server.ResidentBytes();
            var highest = before;
            using var sampling = new CancellationTokenSource();
            var sampler = Task.Run(async () =>
            {
                while (!sampling.IsCancellationRequested)
                {
                    highest = Math.Max(highest, server.ResidentBytes());
                    await Task.Delay(250);
                }
            });

            var padding = new string('x', bytes - 40);
            var clock = Stopwatch.StartNew();
            long sent = 0;
            long failed = 0;
            await Task.WhenAll(Enumerable.Range(0, setters).Select(async setter =>
            {
                while (duration is { } limit ? clock.Elapsed < limit : Interlocked.Increment(ref sent) <= count)
                {
                    var body = $"{{\"t\":{Stopwatch.GetTimestamp()},\"pad\":\"{padding}\"}}";
                    using var content = new StringContent(body, Encoding.UTF8, "application/json");
                    using var response = await http.PutAsync($"api/values/{names[Random.Shared.Next(names.Length)]}", content);
                    if (!response.IsSuccessStatusCode)
                    {
                        Interlocked.Increment(ref failed);
                    }
                    else if (duration is not null)
                    {
                        Interlocked.Increment(ref sent);
                    }
                }
            }));

            var seconds = clock.Elapsed.TotalSeconds;
            await sampling.CancelAsync();
            await sampler;
            var after = server.ResidentBytes();
            foreach (var watcher in watchers)
            {
                await watcher.DisposeAsync();
            }

            var sets = duration is null ? count!.Value : sent;
            return string.Create(
                CultureInfo.InvariantCulture,
                $"| {scenario} | {sets / seconds:N0} Sets/s, {sets * (double)bytes / seconds / (1024 * 1024):N0} MB/s, {failed} failed | {Program.Mb(before)} | {Program.Mb(highest)} | {Program.Mb(after)} |");
        }
        finally
        {
            await server.DisposeAsync();
            Directory.Delete(data, recursive: true);
        }
    }
}
