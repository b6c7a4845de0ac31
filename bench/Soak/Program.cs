using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using EventDashboard.Benchmarks.EndToEnd;

namespace EventDashboard.Benchmarks.Soak;

/// <summary>
/// The soak and fault harness (bench/README.md, "Soak"): one server process on a real SQLite folder, hub connections
/// and Server-Sent Events streams watching values while HTTP setters run at a steady rate; then the same with
/// stalled connections added; then the server killed with SIGKILL and restarted mid-run. Every interval it prints
/// Set-to-watcher latency, the server's resident memory, deliveries, skipped versions and errors. At the end it
/// checks that every watcher ends on the final version of its value and that every acknowledged Set survived.
/// Usage: <c>dotnet run -c Release --project bench/Soak [-- --quick | --short | --memory | --shutdown]</c>; exit code 1 when a
/// check fails. <c>--memory</c> runs the memory budget runs instead (<see cref="MemoryRun"/>), <c>--shutdown</c> the
/// graceful shutdown run (<see cref="ShutdownRun"/>).
/// </summary>
public static class Program
{
    private static readonly JsonSerializerOptions Json = JsonSerializerOptions.Web;

    public static async Task<int> Main(string[] args)
    {
        if (args.Contains("--memory"))
        {
            var rows = await MemoryRun.RunAsync(StartServerAsync);
            Console.WriteLine("| run | load | resident before | highest resident | resident after |");
            Console.WriteLine("|---|---|---|---|---|");
            rows.ForEach(Console.WriteLine);
            return 0;
        }

        if (args.Contains("--shutdown"))
        {
            Console.WriteLine("| open at SIGTERM | SIGTERM to exit | exit code | streams | blocking queries |");
            Console.WriteLine("|---|---|---|---|---|");
            Console.WriteLine(await ShutdownRun.RunAsync(StartServerAsync, Queries: 0, HubConnections: 0));
            Console.WriteLine(await ShutdownRun.RunAsync(StartServerAsync, Streams: 0, HubConnections: 0));
            Console.WriteLine(await ShutdownRun.RunAsync(StartServerAsync, Streams: 0, Queries: 0));

            return 0;
        }

        var profile = args.Contains("--quick") ? Profile.Quick : args.Contains("--short") ? Profile.Short : Profile.Full;
        Console.WriteLine($"soak: {profile}; machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}; server {GcGen0SizeVariable}={Environment.GetEnvironmentVariable(GcGen0SizeVariable) ?? GcGen0Size}");
        var data = Directory.CreateTempSubdirectory("eventdashboard-soak-").FullName;
        var failures = new List<string>();
        try
        {
            await RunAsync(profile, data, failures);
        }
        finally
        {
            ChildProcesses.KillAll();
            Directory.Delete(data, recursive: true);
        }

        foreach (var failure in failures)
        {
            Console.Error.WriteLine("soak: FAILED: " + failure);
        }

        Console.WriteLine(failures.Count == 0 ? "soak: every check passed" : $"soak: {failures.Count} check(s) failed");
        return failures.Count == 0 ? 0 : 1;
    }

    private static async Task RunAsync(Profile profile, string data, List<string> failures)
    {
        var server = await StartServerAsync(data);
        using var http = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        var names = Enumerable.Range(0, profile.Values).Select(i => $"soak.v{i:D3}").ToArray();
        var counters = new SoakCounters();

        // Every value exists before anyone watches, so each watcher's first push is a live Set.
        foreach (var name in names)
        {
            using var content = new StringContent("{\"seq\":0,\"t\":0}", System.Text.Encoding.UTF8, "application/json");
            (await http.PutAsync($"api/values/{name}", content)).EnsureSuccessStatusCode();
        }

        var hubWatchers = new List<HubWatcher>();
        for (var i = 0; i < profile.HubConnections; i++)
        {
            var watcher = new HubWatcher(server.BaseAddress, names[i % names.Length], counters);
            await watcher.StartAsync();
            hubWatchers.Add(watcher);
        }

        using var streamHttp = new HttpClient { BaseAddress = server.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
        var streams = new List<StreamWatcher>();
        for (var i = 0; i < profile.Streams; i++)
        {
            var stream = new StreamWatcher(streamHttp, names[i % names.Length], counters);
            stream.Start();
            streams.Add(stream);
        }

        Console.WriteLine($"{profile.HubConnections} hub connections and {profile.Streams} event streams on {profile.Values} values; Sets at {profile.SetsPerSecond}/s");
        Console.WriteLine();
        Console.WriteLine("| phase | time | Sets/s | deliveries/s | skipped versions/s | latency p50 | latency p99 | server resident | errors |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
        var setters = new Setters(http, names, profile.SetsPerSecond, counters);
        setters.Start();
        var clock = Stopwatch.StartNew();
        var reporter = new Reporter(counters, () => server);
        var residents = new List<long>();

        await reporter.RunAsync("steady", profile.Steady, profile.Interval, residents);
        var steadyResidents = residents.ToList();

        var stalled = new List<StalledSocket>();
        for (var i = 0; i < profile.Stalled; i++)
        {
            stalled.Add(await StalledSocket.ConnectAsync(new Uri(server.BaseAddress, "hubs/values"), names[i % names.Length]));
        }

        await reporter.RunAsync($"+{profile.Stalled} stalled", profile.WithStalled, profile.Interval, residents);
        stalled.ForEach(s => s.Dispose());

        // SIGKILL in the middle of the phase, then a restart on the same folder: watchers reconnect and resume.
        await reporter.RunAsync("before kill", profile.Restart / 2, profile.Interval, residents);
        var errorsBeforeKill = Interlocked.Read(ref counters.SetErrors);
        await server.DisposeAsync();
        server = await StartServerAsync(data, server.BaseAddress.Port);
        Console.WriteLine($"| killed (SIGKILL) and restarted | {clock.Elapsed.TotalSeconds:F0} s | | | | | | | startup {server.StartupTime.TotalSeconds:F1} s |");
        await reporter.RunAsync("after restart", profile.Restart / 2, profile.Interval, residents);

        await setters.DisposeAsync();

        // Every watcher ends on the newest version of its value; every acknowledged Set is still there.
        using var check = new HttpClient { BaseAddress = server.BaseAddress };
        var final = (await check.GetFromJsonAsync<JsonElement[]>("api/values", Json))!
            .ToDictionary(s => s.GetProperty("name").GetString()!, s => s.GetProperty("version").GetInt64(), StringComparer.Ordinal);
        foreach (var (name, acknowledged) in setters.Acknowledged)
        {
            if (final.GetValueOrDefault(name) < acknowledged)
            {
                failures.Add($"{name}: the server has version {final.GetValueOrDefault(name)}, but version {acknowledged} was acknowledged");
            }
        }

        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(60)
            && (hubWatchers.Any(w => w.Version < final[w.Name]) || streams.Any(s => s.Version < final[s.Name])))
        {
            await Task.Delay(100);
        }

        var behind = hubWatchers.Count(w => w.Version != final[w.Name]) + streams.Count(s => s.Version != final[s.Name]);
        if (behind > 0)
        {
            failures.Add($"{behind} watcher(s) did not end on the final version of their value");
        }

        if (Interlocked.Read(ref counters.OutOfOrder) > 0)
        {
            failures.Add($"{counters.OutOfOrder} deliveries were not newer than the one before (an older version after a newer)");
        }

        if (errorsBeforeKill > 0)
        {
            failures.Add($"{errorsBeforeKill} Sets failed before the server was killed");
        }

        var steadyRise = steadyResidents.Count > 2 ? steadyResidents[^1] - steadyResidents[1] : 0;
        Console.WriteLine();
        Console.WriteLine($"total: {counters.Sets} Sets acknowledged, {counters.SetErrors} failed ({errorsBeforeKill} of them before the kill), {counters.Deliveries} deliveries, {counters.Skipped} versions skipped, {counters.OutOfOrder} out of order, {counters.WatcherErrors} watcher reconnects");
        Console.WriteLine($"resident memory: steady phase from {Mb(steadyResidents.FirstOrDefault())} to {Mb(steadyResidents.LastOrDefault())} (after the first interval: {Mb(steadyRise)} change), highest {Mb(residents.Max())}");
        if (residents.Max() > profile.MemoryBudgetBytes)
        {
            failures.Add($"the server's resident memory reached {Mb(residents.Max())}, over the budget of {Mb(profile.MemoryBudgetBytes)}");
        }

        foreach (var watcher in hubWatchers)
        {
            await watcher.DisposeAsync();
        }

        foreach (var stream in streams)
        {
            await stream.DisposeAsync();
        }

        await server.DisposeAsync();
    }

    private static Task<ServerProcess> StartServerAsync(string data, int? port = null) =>
        ServerProcess.StartAsync(
            ServerProcess.WebDll(),
            [$"--EventDashboard:Storage:Path={data}"],
            new Dictionary<string, string>
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["Logging__LogLevel__Default"] = "Warning",
                ["Demo__Enabled"] = "false",

                // The gen0 budget docs/OPERATIONS.md ("Memory") gives every deployment, as `dotnet run` gets it from
                // src/Web/Properties/launchSettings.json: the runtime reads it from the environment only.
                [GcGen0SizeVariable] = Environment.GetEnvironmentVariable(GcGen0SizeVariable) ?? GcGen0Size,
            },
            port: port);

    /// <summary>The environment variable that sets the GC's gen0 budget, and the server's value (32 MiB, in hex).</summary>
    internal const string GcGen0SizeVariable = "DOTNET_GCgen0size", GcGen0Size = "0x2000000";

    internal static string Mb(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024.0):F0} MB");

    /// <summary>The sizes and durations of one run.</summary>
    private sealed record Profile(
        string Name, int HubConnections, int Streams, int Values, int SetsPerSecond, int Stalled,
        TimeSpan Steady, TimeSpan WithStalled, TimeSpan Restart, TimeSpan Interval, long MemoryBudgetBytes)
    {
        public static Profile Full { get; } = new("full", 1000, 100, 100, 5000, 50,
            TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(3), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(1), 300L * 1024 * 1024);

        // The full sizes for 4 minutes: enough to compare settings (memory levels off within the first minute).
        public static Profile Short { get; } = Full with
        {
            Name = "short", Steady = TimeSpan.FromMinutes(2), WithStalled = TimeSpan.FromMinutes(1), Restart = TimeSpan.FromMinutes(1), Interval = TimeSpan.FromSeconds(30),
        };

        public static Profile Quick { get; } = new("quick", 100, 20, 20, 500, 10,
            TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(5), 300L * 1024 * 1024);

        public override string ToString() => $"{Name} profile";
    }
}
