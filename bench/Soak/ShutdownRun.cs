using System.Globalization;
using System.Text;
using EventDashboard.Benchmarks.EndToEnd;

namespace EventDashboard.Benchmarks.Soak;

/// <summary>
/// The shutdown run (bench/README.md, "Graceful shutdown"): a server with 1,000 open Server-Sent Events streams,
/// 100 blocking queries and 100 hub connections gets SIGTERM; it reports the time to the process's exit and whether
/// every stream and query ended normally (the stream's body complete, the query answered 200).
/// </summary>
internal static class ShutdownRun
{
    public static async Task<string> RunAsync(Func<string, int?, Task<ServerProcess>> startServer, int Streams = 1000, int Queries = 100, int HubConnections = 100)
    {
        var data = Directory.CreateTempSubdirectory("eventdashboard-shutdown-").FullName;
        var server = await startServer(data, null);
        try
        {
            using var http = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
            using (var content = new StringContent("1", Encoding.UTF8, "application/json"))
            {
                (await http.PutAsync("api/values/shutdown", content)).EnsureSuccessStatusCode();
            }

            var counters = new SoakCounters();
            var watchers = new List<HubWatcher>();
            for (var i = 0; i < HubConnections; i++)
            {
                var watcher = new HubWatcher(server.BaseAddress, "shutdown", counters);
                await watcher.StartAsync();
                watchers.Add(watcher);
            }

            var streams = new List<Task<bool>>();
            for (var i = 0; i < Streams; i++)
            {
                var response = await http.GetAsync("api/values/shutdown/events", HttpCompletionOption.ResponseHeadersRead);
                streams.Add(ReadToEndAsync(response));
            }

            var queries = Enumerable.Range(0, Queries).Select(_ => http.GetAsync("api/values/shutdown?index=1&wait=10m")).ToArray();

            // Every stream has its first event and every query is parked once the value counts them all as watchers.
            while (true)
            {
                using var snapshot = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync("api/values/shutdown"));
                if (snapshot.RootElement.GetProperty("watchers").GetInt32() >= Streams + Queries + HubConnections)
                {
                    break;
                }

                await Task.Delay(100);
            }

            var (elapsed, exitCode) = await server.StopGracefullyAsync();
            var streamsEnded = (await Task.WhenAll(streams)).Count(ended => ended);
            var queriesAnswered = 0;
            foreach (var query in queries)
            {
                using var response = await query;
                queriesAnswered += response.IsSuccessStatusCode ? 1 : 0;
            }

            foreach (var watcher in watchers)
            {
                await watcher.DisposeAsync();
            }

            return string.Create(
                CultureInfo.InvariantCulture,
                $"| {Streams:N0} event streams, {Queries} blocking queries, {HubConnections} hub connections | {elapsed.TotalMilliseconds:N0} ms | {exitCode} | {streamsEnded:N0} of {Streams:N0} ended cleanly | {queriesAnswered} of {Queries} answered 200 |");
        }
        finally
        {
            await server.DisposeAsync();
            Directory.Delete(data, recursive: true);
        }
    }

    // True when the stream's body ends normally (the server completed the response), false when it was cut off.
    private static async Task<bool> ReadToEndAsync(HttpResponseMessage response)
    {
        try
        {
            using (response)
            {
                await response.Content.CopyToAsync(Stream.Null);
                return true;
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            return false;
        }
    }
}
