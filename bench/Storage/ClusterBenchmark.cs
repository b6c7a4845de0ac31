using System.Globalization;

namespace EventDashboard.Benchmarks.Storage;

/// <summary>
/// The cluster benchmark (issue 12): Sets over HTTP to node A of two EventDashboard nodes on a 3-member etcd
/// with their watchers on node B, side by side with a single node on SQLite (Sets and watchers on that node),
/// for each setter count; then the etcd leader killed under a steady writer (<see cref="LeaderKill"/>), and a node
/// killed under .NET clients that fail over (<see cref="NodeKill"/>).
/// </summary>
internal static class ClusterBenchmark
{
    /// <summary>Runs it with everything's data under <paramref name="scratch"/>.</summary>
    /// <returns>The Markdown tables, and whether anything failed.</returns>
    public static async Task<(IReadOnlyList<string> Tables, bool Failed)> RunAsync(BenchOptions options, string scratch)
    {
        var failed = false;
        var rows = new List<string>();
        await using var sqlite = await EventDashboardTarget.StartAsync("Sqlite", Directory.CreateDirectory(Path.Combine(scratch, "cluster-sqlite")).FullName);
        var members = await EtcdProcess.StartClusterAsync(Path.Combine(scratch, "cluster-etcd"), 3);
        try
        {
            await using var a = await EventDashboardTarget.StartOnEtcdAsync("node A", members);
            await using var b = await EventDashboardTarget.StartOnEtcdAsync("node B", members);
            foreach (var setters in options.ClusterSetters)
            {
                foreach (var (name, setOn, watchOn) in new[]
                {
                    ("1 node, SQLite: Set and watcher on it", sqlite, sqlite),
                    ("2 nodes, 3 etcd members: Set on A, watcher on B", a, b),
                })
                {
                    Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"cluster: {name}, {setters} setter(s): {options.Warmup.TotalSeconds:0.#} s warm-up, {options.Duration.TotalSeconds:0.#} s measured"));
                    var (result, firstError) = await WatchedSetLoad.RunAsync(name, setOn, watchOn, setters, options.Warmup, options.Duration);
                    Console.Error.WriteLine(result.ToRow());
                    if (firstError is not null || result.Backwards > 0)
                    {
                        Console.Error.WriteLine($"  {result.Errors:N0} errors, {result.Backwards} versions backwards; the first error: {firstError}");
                        failed = true;
                    }

                    rows.Add(result.ToRow());
                }
            }

            Console.Error.WriteLine("cluster: the leader kill");
            var (kill, killFailed) = await LeaderKill.RunAsync(members, a, b);
            kill.ToList().ForEach(l => Console.Error.WriteLine(l));
            failed |= killFailed;

            Console.Error.WriteLine("cluster: the node kill");
            var (nodeKill, nodeKillFailed) = await NodeKill.RunAsync(members, b);
            failed |= nodeKillFailed;

            var tables = new List<string>
            {
                string.Create(CultureInfo.InvariantCulture,
                    $"### Sets with a watcher: each setter sets its own name back to back, values of about 100 bytes, one event stream per name; {options.Warmup.TotalSeconds:0.#} s warm-up, {options.Duration.TotalSeconds:0.#} s measured"),
                "",
                WatchedSetResult.Header,
            };
            tables.AddRange(rows);
            tables.Add("");
            tables.Add("### The etcd leader killed under a steady writer (one setter on node A, an event stream and a reader every 50 ms on node B)");
            tables.Add("");
            tables.AddRange(kill);
            tables.Add("");
            tables.Add("### A node killed under a steady writer (node C's process SIGKILLed; its .NET clients fail over to node B, where one setter sets the value back to back)");
            tables.Add("");
            tables.AddRange(nodeKill);
            return (tables, failed);
        }
        finally
        {
            foreach (var member in members)
            {
                await member.DisposeAsync();
            }
        }
    }
}
