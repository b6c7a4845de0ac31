using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using EventDashboard.Tests.E2E.Infrastructure;
using Xunit.Abstractions;

namespace EventDashboard.Tests.E2E.Operations;

/// <summary>
/// SIGTERM ends open event streams and blocking queries at once, so the process exits without waiting out its
/// shutdown timeout (30 s) for them, and every one of those requests completes normally.
/// </summary>
public sealed class ShutdownTests(ITestOutputHelper output)
{
    private const int Streams = 100;
    private const int Queries = 100;

    // Generous for two busy cores; before the fix a single open request held the shutdown for 30 s.
    private static readonly TimeSpan ShutdownBound = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan SafetyNet = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Sigterm_OpenStreamsAndBlockingQueries_AllCompleteAndProcessExitsPromptly()
    {
        await using var app = await AppProcess.StartAsync();
        using var http = new HttpClient { BaseAddress = app.BaseAddress, Timeout = SafetyNet };
        using (var set = await http.PutAsync("api/values/shutdown", new StringContent("\"current\"", Encoding.UTF8, "application/json")))
        {
            set.EnsureSuccessStatusCode();
        }

        var streams = await Task.WhenAll(Enumerable.Range(0, Streams).Select(_ => OpenStreamAsync(http)));
        var reads = streams.Select(s => s.ReadToEndAsync()).ToArray();
        var queries = Enumerable.Range(0, Queries).Select(_ => http.GetAsync("api/values/shutdown?index=1&wait=10m")).ToArray();
        await WaitUntilWatchedAsync(http, Streams + Queries);

        var stopping = Stopwatch.StartNew();
        await app.StopGracefullyAsync();
        stopping.Stop();
        output.WriteLine($"SIGTERM to exit with {Streams} streams and {Queries} blocking queries open: {stopping.ElapsedMilliseconds} ms");

        Assert.Equal(0, app.ExitCode);
        Assert.True(stopping.Elapsed < ShutdownBound, $"The shutdown took {stopping.Elapsed}:\n{app.Output}");
        foreach (var query in queries)
        {
            using var response = await query.WaitAsync(SafetyNet);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("1", response.Headers.GetValues("X-Index").Single());
            Assert.Equal("current", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("value").GetString());
        }

        // Each stream sent the current version, then ended cleanly: reading an aborted response would throw.
        foreach (var text in await Task.WhenAll(reads).WaitAsync(SafetyNet))
        {
            Assert.Single(text.Split('\n'), line => line.StartsWith("id: ", StringComparison.Ordinal));
        }

        foreach (var stream in streams)
        {
            stream.Dispose();
        }
    }

    private static async Task<StreamReader> OpenStreamAsync(HttpClient http)
    {
        var response = await http.GetAsync("api/values/shutdown/events", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return new StreamReader(await response.Content.ReadAsStreamAsync());
    }

    // The snapshot's watcher count is the one outside view of parked requests: polled, with a safety deadline.
    private static async Task WaitUntilWatchedAsync(HttpClient http, int watchers)
    {
        using var timeout = new CancellationTokenSource(SafetyNet);
        while ((await http.GetFromJsonAsync<JsonElement>("api/values/shutdown", timeout.Token)).GetProperty("watchers").GetInt32() < watchers)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50), timeout.Token);
        }
    }
}
