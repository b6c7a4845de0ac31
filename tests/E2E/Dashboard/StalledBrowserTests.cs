using System.Diagnostics;
using System.Globalization;
using EventDashboard.Tests.E2E.Infrastructure;
using EventDashboard.Tests.E2E.Storage;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace EventDashboard.Tests.E2E.Dashboard;

/// <summary>
/// The bounded-memory proof of the dashboard: a browser that stops reading (its JavaScript paused in the
/// debugger, as a frozen tab) while its value changes 10,000 times costs the server no memory that grows with
/// the Sets, and the page shows the newest version once it runs again. bench/README.md quotes what this prints.
/// </summary>
[Collection(SharedApp.Name)]
public sealed class StalledBrowserTests(DashboardFixture fixture, ITestOutputHelper output)
{
    private const string Name = "stalled.value";
    private const int WarmUpSets = 1_000;
    private const int Sets = 10_000;
    private const int Setters = 32;
    private const int PadLength = 1_000;

    // What the server would hold if it queued work per Set for the stalled page: with Blazor's cap on
    // unacknowledged render batches lifted (tried by hand), it sent 1,007 and 1,054 batches in two runs and its heap
    // grew by 2.6 MB, about 2.6 KB a batch; one batch per Set would be some 26 MB (more with the full value page,
    // whose text view marks up every token). What it holds as built: 10 batches, and +0.0 to +0.1 MB of heap with the
    // first, plain value page; +1.9 to +2.8 MB with the full page, which is the page's own state and the setters'
    // connection buffers, not a queue (the batch count stays at 10 to 11). The bound sits well below a queue per Set.
    // The resident set grew by 7 to 10 MB in runs as built (11 to 15 MB with the cap lifted): it moves with the
    // runtime's own bookkeeping, so its bound is looser.
    private const int MaxRenderBatches = 100;
    private const double ManagedHeapBoundMegabytes = 8;
    private const double ResidentSetBoundMegabytes = 25;

    // The server drops a circuit whose browser has sent nothing for 30 s (SignalR's client timeout); the Sets
    // must end well before that, or the page would come back through a reconnect rather than a stall.
    private static readonly TimeSpan MaxSetTime = TimeSpan.FromSeconds(25);

    [Fact]
    public async Task TenThousandSets_ValuePageStalled_ServerMemoryStaysFlatAndPageEndsOnNewestVersion()
    {
        await using var app = AppProcess.Create();
        var memory = ServerMemory.Attach(app);

        // Workstation GC with a small (4 MiB) allocation budget, as in the end-to-end benchmark: the resident set
        // then follows the live heap rather than a per-core reservation or a large young generation.
        app.Environment["DOTNET_gcServer"] = "0";
        app.Environment["DOTNET_GCgen0size"] = "0x400000";
        await app.StartAgainAsync();
        using var api = new StorageApi(app.BaseAddress);
        await api.SetAsync(Name, Value(0));

        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = app.BaseAddress.ToString() });
        var errors = await ConsoleErrors.RecordAsync(context);
        var page = await context.NewPageAsync();
        var renderBatches = new RenderBatchCounter(page);
        await page.GotoAsync($"/values/{Name}");
        await BlazorCircuit.WaitUntilInteractiveAsync(page);

        // Warm up the server (JIT, pools, the store's cache) with the page live, so that what grows later is the stall's.
        var warmedUp = await SetManyAsync(api, first: 1, WarmUpSets);
        await Expect(page.Locator("#version")).ToHaveTextAsync(Version(warmedUp.Version));
        var heapBefore = await memory.ManagedHeapBytesAsync();
        var residentBefore = memory.ResidentSetBytes();

        // Stall the page: the next JavaScript it runs (the next push from the server) stops in the debugger, and
        // with it the reading of its WebSocket.
        var debugger = await context.NewCDPSessionAsync(page);
        var paused = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        debugger.Event("Debugger.paused").OnEvent += (_, _) => paused.TrySetResult();
        await debugger.SendAsync("Debugger.enable");
        await debugger.SendAsync("Debugger.pause");
        var stalledAt = (await SetManyAsync(api, first: WarmUpSets + 1, 1)).Version;
        await paused.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var batchesBeforeSets = renderBatches.Count;

        var clock = Stopwatch.StartNew();
        var newest = await SetManyAsync(api, first: WarmUpSets + 2, Sets);
        var setTime = clock.Elapsed;
        var heapStalled = await memory.ManagedHeapBytesAsync();
        var residentStalled = memory.ResidentSetBytes();
        var batchesWhileStalled = renderBatches.Count - batchesBeforeSets;

        // Run again: the page catches up with the newest version, whatever it missed.
        await debugger.SendAsync("Debugger.resume");
        await debugger.SendAsync("Debugger.disable");
        await Expect(page.Locator("#version")).ToHaveTextAsync(Version(newest.Version));
        await Expect(page.Locator("#value")).ToContainTextAsync($"\"seq\": {newest.Sequence},");
        var stall = clock.Elapsed;
        var batchesAfterResume = renderBatches.Count - batchesBeforeSets - batchesWhileStalled;
        await DashboardFixture.ScreenshotAsync(page, "stalled-caught-up");

        var heapGrowth = Megabytes(heapStalled - heapBefore);
        var residentGrowth = Megabytes(residentStalled - residentBefore);
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"""
            Stalled browser during {Sets:N0} Sets of {PadLength + 20:N0} bytes ({Setters} setters over HTTP, SQLite store):
              Sets took {setTime.TotalSeconds:F1} s ({Sets / setTime.TotalSeconds:N0}/s); page paused from version {stalledAt} to {newest.Version}, caught up {stall.TotalSeconds:F1} s after the Sets began
              render batches the page received: {batchesWhileStalled} while paused, {batchesAfterResume} after resuming (bound {MaxRenderBatches})
              server managed heap after full GC: {Megabytes(heapBefore):F1} MB before, {Megabytes(heapStalled):F1} MB after the Sets ({heapGrowth:+0.0;-0.0;0.0} MB; bound {ManagedHeapBoundMegabytes} MB)
              server resident set (VmRSS):        {Megabytes(residentBefore):F1} MB before, {Megabytes(residentStalled):F1} MB after the Sets ({residentGrowth:+0.0;-0.0;0.0} MB; bound {ResidentSetBoundMegabytes} MB)
            """));

        Assert.True(setTime < MaxSetTime, $"the Sets took {setTime.TotalSeconds:F1} s: too long to keep the page's circuit open (a busy machine?)");
        Assert.True(batchesWhileStalled + batchesAfterResume < MaxRenderBatches, $"the server sent {batchesWhileStalled + batchesAfterResume} render batches for {Sets:N0} Sets");
        Assert.True(heapGrowth < ManagedHeapBoundMegabytes, $"the server's managed heap grew by {heapGrowth:F1} MB during the stall");
        Assert.True(residentGrowth < ResidentSetBoundMegabytes, $"the server's resident set grew by {residentGrowth:F1} MB during the stall");
        errors.AssertNone(fixture.App.Output);
        await context.CloseAsync();
    }

    private static string Value(int sequence) =>
        string.Create(CultureInfo.InvariantCulture, $$"""{"seq":{{sequence}},"pad":"{{new string('x', PadLength)}}"}""");

    private static string Version(long version) => version.ToString(CultureInfo.InvariantCulture);

    private static double Megabytes(long bytes) => bytes / (1024.0 * 1024.0);

    // Sets the value count times, from Setters tasks at once (sequences first, first + 1, ...); returns the newest
    // version and the sequence number it holds.
    private static async Task<(long Version, int Sequence)> SetManyAsync(StorageApi api, int first, int count)
    {
        var next = first - 1;
        var newest = (Version: 0L, Sequence: 0);
        var gate = new object();
        await Task.WhenAll(Enumerable.Range(0, Math.Min(Setters, count)).Select(async _ =>
        {
            int sequence;
            while ((sequence = Interlocked.Increment(ref next)) < first + count)
            {
                var version = await api.SetAsync(Name, Value(sequence));
                lock (gate)
                {
                    if (version > newest.Version)
                    {
                        newest = (version, sequence);
                    }
                }
            }
        }));
        return newest;
    }

    /// <summary>Counts the render batches the server sends to a page over its circuit.</summary>
    private sealed class RenderBatchCounter
    {
        private int _count;

        public RenderBatchCounter(IPage page)
        {
            page.WebSocket += (_, socket) => socket.FrameReceived += (_, frame) =>
            {
                // blazorpack: a frame holds one or more MessagePack messages, each naming its target.
                var bytes = frame.Binary ?? System.Text.Encoding.UTF8.GetBytes(frame.Text ?? string.Empty);
                var span = bytes.AsSpan();
                for (var at = span.IndexOf("JS.RenderBatch"u8); at >= 0; at = span.IndexOf("JS.RenderBatch"u8))
                {
                    Interlocked.Increment(ref _count);
                    span = span[(at + 1)..];
                }
            };
        }

        public int Count => Volatile.Read(ref _count);
    }
}
