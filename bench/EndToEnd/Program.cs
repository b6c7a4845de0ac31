using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using EventDashboard.Protocol;

namespace EventDashboard.Benchmarks.EndToEnd;

/// <summary>
/// The end-to-end benchmark: each server runs in its own process on a loopback port; this process is the
/// load generator (Sets over HTTP, receivers over WebSockets). See bench/README.md ("End-to-end") for what
/// each row means. Usage: <c>dotnet run -c Release --project bench/EndToEnd [-- --quick | --only stall | --only saturation | --only memory [--settle SECONDS]]</c>.
/// </summary>
public static class Program
{
    public const string ValueName = "bench";

    private static readonly JsonSerializerOptions Json = JsonSerializerOptions.Web;

    private static readonly Dictionary<string, string> ServerEnvironment = new()
    {
        // Workstation GC with a small (4 MiB) allocation budget in both servers, so that their resident set
        // follows the live heap rather than a per-core reservation or a large young generation; logging off
        // the hot path.
        ["DOTNET_gcServer"] = "0",
        ["DOTNET_GCgen0size"] = "0x400000",
        ["Logging__LogLevel__Default"] = "Warning",
        ["ASPNETCORE_ENVIRONMENT"] = "Production",

        // EventDashboard only: no demo values, and a small retained history, so that memory shows delivery
        // (the plain server keeps no history at all).
        ["Demo__Enabled"] = "false",
        ["EventDashboard__LogCapacity"] = "16",
        ["EventDashboard__HistoryLimit"] = "16",
    };

    private static bool _quick;
    private static TimeSpan _settle;

    public static async Task<int> Main(string[] args)
    {
        if (args.Contains("--plain-server"))
        {
            await PlainServer.RunAsync([.. args.Where(a => a != "--plain-server")]);
            return 0;
        }

        _quick = args.Contains("--quick");
        _settle = args.SkipWhile(a => a != "--settle").Skip(1).FirstOrDefault() is { } settle ? TimeSpan.FromSeconds(int.Parse(settle, CultureInfo.InvariantCulture)) : TimeSpan.Zero;
        var only = args.SkipWhile(a => a != "--only").Skip(1).FirstOrDefault();
        if (only == "stall")
        {
            await using var server = await StartEventDashboardAsync();
            Console.WriteLine(await RunStallAsync("EventDashboard (newest-only hub)", server, new EventDashboardFleet(), "api/values/", "hubs/values", subscribe: true, stall: false));
            Console.WriteLine(await RunStallAsync("EventDashboard (newest-only hub)", server, new EventDashboardFleet(), "api/values/", "hubs/values", subscribe: true));
            return 0;
        }

        if (only == "saturation")
        {
            // The two kinds of receiver take turns against one server: three times each to warm up (tiered JIT, here and in the server
            // and here), then three measured rounds each, so that neither is measured warmer, or in a quieter moment of
            // a shared machine, than the other. The comparison is of the medians.
            await using (var server = await StartEventDashboardAsync())
            {
                var clientRows = new List<string>();
                var plainRows = new List<string>();
                for (var round = -3; round < 3; round++)
                {
                    var suffix = round < 0 ? ", warm-up" : $", round {round + 1}";
                    var client = await RunSaturationAsync("EventDashboard (newest-only hub)" + suffix, server, new EventDashboardFleet(), "api/values/");
                    var plain = await RunSaturationAsync("EventDashboard (newest-only hub), plain HubConnection receivers" + suffix, server, new PlainFleet("hubs/values", subscribe: true), "api/values/");
                    if (round >= 0)
                    {
                        clientRows.Add(client);
                        plainRows.Add(plain);
                    }
                }

                Console.WriteLine($"median of the rounds: EventDashboardClient receivers {Median(clientRows)}; plain HubConnection receivers {Median(plainRows)}");
            }

            await using (var server = await StartPlainAsync())
            {
                await RunSaturationAsync("plain SignalR, Clients.All, warm-up", server, new PlainFleet(), "api/values/");
                await RunSaturationAsync("plain SignalR, Clients.All", server, new PlainFleet(), "api/values/");
            }

            return 0;
        }

        if (only == "memory")
        {
            // Both servers side by side, each twice (the first connections also pay for JIT and first-use
            // allocations), and EventDashboard also with the plain SignalR client's receivers, which keep no
            // stateful-reconnect buffer: the same client on both servers.
            await using (var server = await StartEventDashboardAsync())
            {
                await MeasureIdleConnectionsAsync("EventDashboard, warm-up", server, new EventDashboardFleet());
                Console.WriteLine(await MeasureIdleConnectionsAsync("EventDashboard, EventDashboardClient receivers", server, new EventDashboardFleet()));
                Console.WriteLine(await MeasureIdleConnectionsAsync("EventDashboard, plain HubConnection receivers calling Subscribe", server, new PlainFleet("hubs/values", subscribe: true)));
            }

            await using (var server = await StartPlainAsync())
            {
                await MeasureIdleConnectionsAsync("plain SignalR, warm-up", server, new PlainFleet());
                Console.WriteLine(await MeasureIdleConnectionsAsync("plain SignalR, Clients.All", server, new PlainFleet()));
            }

            return 0;
        }

        var total = Stopwatch.StartNew();
        var rows = new List<string>();
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}; quick = {_quick}");

        await using (var server = await StartEventDashboardAsync())
        {
            rows.AddRange(await RunLatencyAndMemoryAsync("EventDashboard (newest-only hub)", server, () => new EventDashboardFleet()));
            rows.Add(await RunSaturationAsync("EventDashboard (newest-only hub)", server, new EventDashboardFleet(), "api/values/"));
            rows.Add(await RunSaturationAsync("EventDashboard (newest-only hub), plain HubConnection receivers", server, new PlainFleet("hubs/values", subscribe: true), "api/values/"));
            rows.Add(await RunStallAsync("EventDashboard (newest-only hub)", server, new EventDashboardFleet(), "api/values/", "hubs/values", subscribe: true, stall: false));
            rows.Add(await RunStallAsync("EventDashboard (newest-only hub)", server, new EventDashboardFleet(), "api/values/", "hubs/values", subscribe: true));
        }

        await using (var server = await StartPlainAsync())
        {
            rows.AddRange(await RunLatencyAndMemoryAsync("plain SignalR, Clients.All", server, () => new PlainFleet()));
            rows.Add(await RunSaturationAsync("plain SignalR, Clients.All", server, new PlainFleet(), "api/values/"));
            rows.Add(await RunStallAsync("plain SignalR, Clients.All, Set awaits the broadcast", server, new PlainFleet(), "api/values/", PlainServer.HubPath, subscribe: false, stall: false));
            rows.Add(await RunStallAsync("plain SignalR, Clients.All, Set awaits the broadcast", server, new PlainFleet(), "api/values/", PlainServer.HubPath, subscribe: false));
        }

        await using (var server = await StartPlainAsync())
        {
            rows.Add(await RunStallAsync("plain SignalR, Clients.All, Set does not await", server, new PlainFleet(), "api/fire/", PlainServer.HubPath, subscribe: false, stall: false));
            rows.Add(await RunStallAsync("plain SignalR, Clients.All, Set does not await", server, new PlainFleet(), "api/fire/", PlainServer.HubPath, subscribe: false));
        }

        Console.WriteLine();
        Console.WriteLine("| server | scenario | result |");
        Console.WriteLine("|---|---|---|");
        rows.ForEach(Console.WriteLine);
        Console.WriteLine();
        Console.WriteLine($"total run: {total.Elapsed.TotalSeconds:F0} s");
        return 0;
    }

    private static Task<ServerProcess> StartEventDashboardAsync() =>
        ServerProcess.StartAsync(ServerProcess.WebDll(), [], ServerEnvironment);

    private static Task<ServerProcess> StartPlainAsync() =>
        ServerProcess.StartAsync(typeof(Program).Assembly.Location, ["--plain-server"], ServerEnvironment);

    // Set -> delivery latency with 1, 100 and 1,000 receiving connections, one Set at a time (each Set
    // waits until every receiver saw it, so nothing queues); and resident memory per idle connection,
    // measured when the 1,000 connect.
    private static async Task<List<string>> RunLatencyAndMemoryAsync(string name, ServerProcess server, Func<Fleet> newFleet)
    {
        var rows = new List<string>();
        using var http = NewSetter(server);
        foreach (var (connections, sets) in new[] { (1, 300), (100, 100), (1000, 30) })
        {
            var scaledSets = _quick ? Math.Max(10, sets / 5) : sets;
            var recorder = new LatencyRecorder(connections, scaledSets);
            await PutAsync(http, "api/values/", 0, 16);
            var residentBefore = server.ResidentBytes();
            var heapBefore = connections == 1000 ? await server.HeapBytesAsync() : 0;
            await using var fleet = newFleet();
            await fleet.ConnectAsync(server.BaseAddress, connections, recorder);
            await PutAsync(http, "api/values/", 0, 16);
            await recorder.WaitAllAsync(0, TimeSpan.FromMinutes(1));
            if (connections == 1000)
            {
                rows.Add(await MemoryRowAsync(name, server, heapBefore, residentBefore, connections));
            }

            for (var seq = 1; seq <= scaledSets; seq++)
            {
                recorder.Sent(seq);
                await PutAsync(http, "api/values/", seq, 16);
                await recorder.WaitAllAsync(seq, TimeSpan.FromMinutes(1));
            }

            var (p50, p99, max, count) = recorder.Summary();
            rows.Add($"| {name} | Set over HTTP -> watcher woken, {connections:N0} connection(s), {scaledSets} Sets one at a time | p50 {p50:F2} ms, p99 {p99:F2} ms, max {max:F2} ms ({count:N0} deliveries) |");
            Console.WriteLine(rows[^1]);
        }

        return rows;
    }

    // Server memory per idle connection: 1,000 connections subscribed to the value, each having received it once.
    private static async Task<string> MeasureIdleConnectionsAsync(string name, ServerProcess server, Fleet fleet)
    {
        const int Connections = 1000;
        using var http = NewSetter(server);
        var recorder = new LatencyRecorder(Connections, 1);
        await PutAsync(http, "api/values/", 0, 16);
        var residentBefore = server.ResidentBytes();
        var heapBefore = await server.HeapBytesAsync();
        await using (fleet)
        {
            await fleet.ConnectAsync(server.BaseAddress, Connections, recorder);
            await PutAsync(http, "api/values/", 0, 16);
            await recorder.WaitAllAsync(0, TimeSpan.FromMinutes(1));

            // With --settle, the connections stay idle that long first: a .NET client's negotiate request leaves an
            // idle keep-alive connection that its HTTP handler closes after a minute (PooledConnectionIdleTimeout).
            await Task.Delay(_settle);
            return await MemoryRowAsync(name, server, heapBefore, residentBefore, Connections);
        }
    }

    private static async Task<string> MemoryRowAsync(string name, ServerProcess server, long heapBefore, long residentBefore, int connections)
    {
        // Let the server finish the connections' setup work before reading its memory.
        await Task.Delay(TimeSpan.FromSeconds(2));
        var heapPerConnection = (await server.HeapBytesAsync() - heapBefore) / (double)connections;
        var residentPerConnection = (server.ResidentBytes() - residentBefore) / (double)connections;
        return $"| {name} | server memory per idle connection (growth over {connections:N0} subscribed connections) | managed heap {heapPerConnection / 1024:F1} KB, resident set {residentPerConnection / 1024:F1} KB |";
    }

    // Deliveries per second at saturation: 100 receivers, four setters issuing Sets back to back for 5 s.
    private static async Task<string> RunSaturationAsync(string name, ServerProcess server, Fleet fleet, string route)
    {
        const int connections = 100;
        var duration = TimeSpan.FromSeconds(_quick ? 2 : 5);
        using var http = NewSetter(server);
        var recorder = new LatencyRecorder(connections, 0) { Recording = false };
        await using (fleet)
        {
            await PutAsync(http, route, 0, 16);
            await fleet.ConnectAsync(server.BaseAddress, connections, recorder);
            await PutAsync(http, route, 0, 16);
            await recorder.WaitAllAsync(0, TimeSpan.FromMinutes(1));
            var startDeliveries = recorder.Deliveries;
            var serverCpu = server.CpuTime();
            var ownCpu = Process.GetCurrentProcess().TotalProcessorTime;
            var workItems = ThreadPool.CompletedWorkItemCount;
            var sets = 0;
            var clock = Stopwatch.StartNew();
            var setters = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
            {
                while (clock.Elapsed < duration)
                {
                    var seq = Interlocked.Increment(ref sets);
                    await PutAsync(http, route, seq, 16);
                }
            }));
            await Task.WhenAll(setters);
            var elapsed = clock.Elapsed.TotalSeconds;
            var deliveries = recorder.Deliveries - startDeliveries;
            var serverCores = (server.CpuTime() - serverCpu).TotalSeconds / elapsed;
            var ownCores = (Process.GetCurrentProcess().TotalProcessorTime - ownCpu).TotalSeconds / elapsed;

            // What the receivers cost the process that also runs the setters: its thread-pool work items per delivery.
            var workItemsPerDelivery = (ThreadPool.CompletedWorkItemCount - workItems) / (double)Math.Max(1, deliveries);
            var row = $"| {name} | saturation: 4 setters back to back for {duration.TotalSeconds:F0} s, 100 connections | {sets / elapsed:N0} Sets/s, {deliveries / elapsed:N0} deliveries/s (CPU: server {serverCores:F2} cores, load generator {ownCores:F2} cores; load generator {workItemsPerDelivery:F2} thread-pool work items per delivery) |";
            Console.WriteLine(row);
            return row;
        }
    }

    // One connection stops reading while 20 others read and Sets of 4 KB arrive at 200/s for 8 s (open loop:
    // a Set is sent on schedule whether or not the previous one finished). Latency is to the 20 readers;
    // memory is the server's resident set at the end of the 8 s, against before the stall.
    private static async Task<string> RunStallAsync(string name, ServerProcess server, Fleet fleet, string route, string hubPath, bool subscribe, bool stall = true)
    {
        const int readers = 20;
        const int rate = 200;
        const int padding = 4 * 1024;
        var duration = TimeSpan.FromSeconds(_quick ? 3 : 8);
        var sets = (int)(rate * duration.TotalSeconds);
        using var http = NewSetter(server);
        var recorder = new LatencyRecorder(readers, sets + 1);
        await using (fleet)
        {
            await PutAsync(http, route, 0, padding);
            await fleet.ConnectAsync(server.BaseAddress, readers, recorder);
            await PutAsync(http, route, 0, padding);
            await recorder.WaitAllAsync(0, TimeSpan.FromMinutes(1));
            using var stalled = stall ? await StalledSocket.ConnectAsync(new Uri(server.BaseAddress, hubPath), subscribe ? ValueName : null) : null;
            await Task.Delay(TimeSpan.FromSeconds(1));
            var residentBefore = server.ResidentBytes();
            var heapBefore = await server.HeapBytesAsync();

            var inFlight = new List<Task>(sets);
            var clock = Stopwatch.StartNew();
            for (var seq = 1; seq <= sets; seq++)
            {
                var due = TimeSpan.FromSeconds(seq / (double)rate);
                if (due > clock.Elapsed)
                {
                    await Task.Delay(due - clock.Elapsed);
                }

                recorder.Sent(seq);
                inFlight.Add(PutAsync(http, route, seq, padding));
            }

            var residentStalled = server.ResidentBytes();
            var heapStalled = await server.HeapBytesAsync();
            var finished = inFlight.Count(t => t.IsCompleted);

            // Concurrent Sets may reach the server out of order, so the last one sent is not always the last
            // one set. Release the stalled connection, let every Set finish, then send one more, alone: every
            // reader must end on it.
            stalled?.Dispose();
            await Task.WhenAll(inFlight).WaitAsync(TimeSpan.FromMinutes(1));
            recorder.Sent(sets + 1);
            await PutAsync(http, route, sets + 1, padding);
            var caughtUp = true;
            try
            {
                await recorder.WaitAllAsync(sets + 1, TimeSpan.FromSeconds(30));
            }
            catch (TimeoutException)
            {
                caughtUp = false;
                Console.WriteLine($"{name}: receivers behind after 30 s: {recorder.Lagging(sets + 1)}");
            }

            var (p50, p99, max, count) = recorder.Summary();
            var heapGrowth = (heapStalled - heapBefore) / (1024.0 * 1024.0);
            var residentGrowth = (residentStalled - residentBefore) / (1024.0 * 1024.0);
            var scenario = stall ? $"one connection stops reading; {readers} read" : $"baseline: the same load with no stalled connection; {readers} read";
            var row = $"| {name} | {scenario}; {sets:N0} Sets of 4 KB at {rate}/s | latency p50 {p50:F1} ms, p99 {p99:F1} ms, max {max:F0} ms ({count:N0} deliveries{(caughtUp ? "" : ", readers did NOT catch up within 30 s")}); Sets answered by the end of the {duration.TotalSeconds:F0} s: {finished:N0} of {sets:N0}; server memory at the end of the {duration.TotalSeconds:F0} s: managed heap {Math.Round(heapGrowth, 1):+0.0;-0.0;0.0} MB, resident set {Math.Round(residentGrowth, 1):+0.0;-0.0;0.0} MB |";
            Console.WriteLine(row);
            return row;
        }
    }

    // The row with the median Sets/s, by the number its row starts with.
    private static string Median(List<string> rows) =>
        rows.OrderBy(r => double.Parse(r.Split("| ")[3].Split(' ')[0], NumberStyles.AllowThousands, CultureInfo.InvariantCulture)).ElementAt(rows.Count / 2);

    private static HttpClient NewSetter(ServerProcess server) =>
        new(new SocketsHttpHandler { MaxConnectionsPerServer = 4096 }) { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromMinutes(2) };

    private static async Task PutAsync(HttpClient http, string route, int seq, int padding)
    {
        var body = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(new Payload(seq, new string('x', padding)), Json));
        body.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await http.PutAsync(route + ValueName, body);
        response.EnsureSuccessStatusCode();
    }
}
