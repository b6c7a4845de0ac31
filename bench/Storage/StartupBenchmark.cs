using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using EventDashboard.Benchmarks.EndToEnd;

namespace EventDashboard.Benchmarks.Storage;

/// <summary>
/// How long a server takes to start, and how much memory it holds right after, with an empty store and with
/// a store filled through <c>POST /api/import</c>. Each store is prepared by one start (which creates its
/// files, and for the full store imports into them) that ends with a kill; then each measured run starts
/// the server on the same folder, waits for the first 200 from <c>/healthz</c>, reads VmRSS and the heap,
/// and kills it again (SIGKILL: the store must recover from that, as after a crash).
/// </summary>
internal static class StartupBenchmark
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(10);

    private static readonly TimeSpan ImportTimeout = TimeSpan.FromMinutes(30);

    /// <summary>Measures the empty in-memory store, the empty Sqlite store and a Sqlite store filled with <paramref name="values"/> x <paramref name="setsPerValue"/> Sets.</summary>
    /// <returns>A task that completes with the three rows.</returns>
    public static async Task<IReadOnlyList<StartupResult>> RunAsync(string scratch, int values, int setsPerValue, int runs)
    {
        // Enough history per value that the import keeps all of it.
        var historyLimit = $"--EventDashboard:HistoryLimit={Math.Max(1000, setsPerValue)}";
        var results = new List<StartupResult>
        {
            await MeasureAsync("Memory, empty", ServerSettings.Arguments("Memory", null, historyLimit), null, 0, 0, null, runs),
        };

        var empty = Directory.CreateDirectory(Path.Combine(scratch, "startup-empty")).FullName;
        results.Add(await MeasureAsync("Sqlite, empty", ServerSettings.Arguments("Sqlite", empty, historyLimit), empty, 0, 0, null, runs));

        var full = Directory.CreateDirectory(Path.Combine(scratch, "startup-full")).FullName;
        var import = new ImportStream(values, setsPerValue);
        results.Add(await MeasureAsync("Sqlite, imported", ServerSettings.Arguments("Sqlite", full, historyLimit), full, values, (long)values * setsPerValue, import, runs));
        return results;
    }

    private static async Task<StartupResult> MeasureAsync(
        string store, IReadOnlyList<string> arguments, string? folder, int values, long rows, ImportStream? import, int runs)
    {
        var dll = ServerProcess.WebDll();
        string? imported = null;
        Console.Error.WriteLine($"startup: {store}: preparing");
        await using (var server = await ServerProcess.StartAsync(dll, arguments, ServerSettings.Environment, StartTimeout))
        {
            if (import is not null)
            {
                var (ok, description) = await ImportAsync(server, import);
                if (!ok)
                {
                    return new StartupResult(store, values, rows, null, null, [], [], [], description);
                }

                imported = description;
                Console.Error.WriteLine($"startup: {store}: imported {description}");
            }
        }

        var startup = new List<double>();
        var resident = new List<long>();
        var heap = new List<long>();
        string? problem = null;
        for (var run = 1; run <= runs; run++)
        {
            await using var server = await ServerProcess.StartAsync(dll, arguments, ServerSettings.Environment, StartTimeout);
            startup.Add(server.StartupTime.TotalMilliseconds);
            resident.Add(server.ResidentBytes());
            heap.Add(await server.HeapBytesAsync());
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"startup: {store}: run {run}: {startup[^1]:F0} ms, VmRSS {resident[^1] / (1024.0 * 1024):F1} MB, heap {heap[^1] / (1024.0 * 1024):F1} MB"));
            if (run == 1 && values > 0)
            {
                problem = await CheckLastValueAsync(server, ImportStream.Name(values - 1), import!.SetsPerValue);
            }
        }

        long? dataBytes = folder is null ? null : new DirectoryInfo(folder).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length);
        return new StartupResult(store, values, rows, imported, dataBytes, startup, resident, heap, problem);
    }

    // (true, "1,000,000 Sets, 231 MB, in 41.2 s") or (false, why not).
    private static async Task<(bool Ok, string Description)> ImportAsync(ServerProcess server, ImportStream import)
    {
        using var http = new HttpClient { BaseAddress = server.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };

        // Endpoint routing answers 405 for a path it knows under another method, and 404 for one it does not:
        // a GET finds out whether this build has the import without sending the whole stream.
        using (var probe = await http.GetAsync("api/import"))
        {
            if (probe.StatusCode == HttpStatusCode.NotFound)
            {
                return (false, "not measured: this build has no POST /api/import (404), the storage layer is not merged in it");
            }
        }

        using var timeout = new CancellationTokenSource(ImportTimeout);
        var clock = Stopwatch.StartNew();
        using var response = await http.PostAsync("api/import", import, timeout.Token);
        var seconds = clock.Elapsed.TotalSeconds;
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync();
            return (false, $"POST /api/import answered {(int)response.StatusCode} {response.ReasonPhrase}: {body[..Math.Min(body.Length, 300)]}");
        }

        var sets = (long)import.Values * import.SetsPerValue;
        return (true, string.Create(CultureInfo.InvariantCulture,
            $"{sets:N0} Sets ({import.BytesWritten / (1024.0 * 1024):F0} MB of NDJSON) in {seconds:F1} s, {sets / seconds:N0} Sets/s"));
    }

    // The last value must have survived the kill with all its Sets.
    private static async Task<string?> CheckLastValueAsync(ServerProcess server, string name, int expectedVersion)
    {
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        using var response = await http.GetAsync($"api/values/{name}");
        if (!response.IsSuccessStatusCode)
        {
            return $"after a restart, GET /api/values/{name} answered {(int)response.StatusCode}";
        }

        using var snapshot = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var version = snapshot.RootElement.GetProperty("version").GetInt64();
        return version == expectedVersion ? null : $"after a restart, {name} is at version {version}, not {expectedVersion}";
    }
}
