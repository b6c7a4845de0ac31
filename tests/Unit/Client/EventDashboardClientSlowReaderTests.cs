using System.Text.Json;
using EventDashboard.Client;
using EventDashboard.Core;
using EventDashboard.Tests.Unit.TestSupport;
using EventDashboard.Web.Hubs.Internal;
using EventDashboard.Web.Values;
using Xunit.Abstractions;
using Microsoft.Extensions.DependencyInjection;

namespace EventDashboard.Tests.Unit.Client;

/// <summary>A client that stops reading costs the server nothing that grows. Runs alone: it measures the heap.</summary>
[Collection(nameof(MemoryMeasuring))]
public sealed class EventDashboardClientSlowReaderTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Watch_ClientStopsReadingDuring10000Sets_ServerHoldsNoBacklogAndClientEndsOnTheLastValue()
    {
        const int sets = 10_000;
        const int padding = 8 * 1024;
        await using var server = LoopbackServer.Start(
            ("EventDashboard:SendTimeout", "00:05:00"), // a stall of a loaded test machine must not close the connection
            ("EventDashboard:LogCapacity", "16"),          // the server's own retention, so that memory shows only delivery
            ("EventDashboard:HistoryLimit", "16"));
        await using var relay = LoopbackRelay.To(server.Port);
        await using var client = new EventDashboardClient(relay.BaseAddress, new EventDashboardClientOptions { Transport = ClientTransport.WebSockets });
        using var watcher = client.Value<Payload>("slow").Watch();
        var registry = server.Registry;
        registry.Set("slow", Element(0, padding), SetSource.Http, null);
        Assert.Equal(0, (await watcher.GetAsync().Within()).Seq);
        var connection = server.Services.GetRequiredService<HubConnections>().All.Single();
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);

        relay.Pause();
        for (var i = 1; i <= sets; i++)
        {
            registry.Set("slow", Element(i, padding), SetSource.Http, null);
        }

        var heapStalled = GC.GetTotalMemory(forceFullCollection: true);
        var sentWhileStalled = connection.SentCount;
        relay.Resume();
        var last = await watcher.GetAsync(GetOptions<Payload>.Where(p => p.Seq == sets)).Within();

        // A plain broadcast would queue all 10,000 messages (80 MB) for this connection. Newest-only sends
        // one at a time, and only as fast as the socket drains: the kernel's buffers hold a few hundred.
        Assert.Equal(sets, last.Seq);
        Assert.InRange(connection.MaxPendingSends, 1, 2);
        Assert.True(sentWhileStalled < sets / 2, $"{sentWhileStalled} of {sets} Sets were sent to a client that read nothing");
        var grownMb = (heapStalled - heapBefore) / (1024.0 * 1024.0);
        output.WriteLine($"sent while stalled: {sentWhileStalled} of {sets}; max pending sends: {connection.MaxPendingSends}; heap growth: {grownMb:F1} MB");
        Assert.True(grownMb < 40, $"the heap grew by {grownMb:F1} MB while the client read nothing");
    }

    private static JsonElement Element(int seq, int padding) =>
        JsonSerializer.SerializeToElement(new Payload(seq, new string('x', padding)), JsonSerializerOptions.Web);

    public sealed record Payload(int Seq, string Pad);
}
