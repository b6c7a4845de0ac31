using System.Diagnostics.Metrics;
using System.Text.Json;
using EventDashboard.Tests.Unit.TestSupport;
using EventDashboard.Tests.Unit.Web.Operations;
using EventDashboard.Web.Hubs.Internal;
using EventDashboard.Web.Values;

namespace EventDashboard.Tests.Unit.Web.Hubs;

/// <summary>
/// The documented policy: a hub connection or event stream whose pushes take nothing for SendTimeout is closed, its
/// watchers are released, and the close is counted.
/// </summary>
public sealed class StalledConnectionTests(StalledConnectionTests.Factory factory) : WebAppTests(factory), IClassFixture<StalledConnectionTests.Factory>
{
    private static readonly JsonElement Payload = JsonSerializer.SerializeToElement(new { pad = new string('x', 8 * 1024) });

    [Fact]
    public async Task Subscribe_ReaderNeverReads_ServerClosesConnectionReleasesWatchersAndCountsIt()
    {
        var name = NewName();
        Set(name, "0");
        using var metrics = new MetricsRecorder(App.Get<IMeterFactory>());
        await using var client = await RawHubClient.ConnectAsync(App.KestrelAddress);
        await client.InvokeResultAsync("Subscribe", name);

        await SetUntilNoWatchersAsync(name);

        Assert.DoesNotContain(App.Get<HubConnections>().All, c => c.IsSubscribed(name));
        AssertClosedOnce(metrics, "hub");
    }

    [Fact]
    public async Task GetEvents_ReaderNeverReads_ServerEndsStreamReleasesWatcherAndCountsIt()
    {
        var name = NewName();
        Set(name, "0");
        using var metrics = new MetricsRecorder(App.Get<IMeterFactory>());
        using var http = new HttpClient { BaseAddress = App.KestrelAddress };
        using var response = await http.GetAsync($"/api/values/{name}/events", HttpCompletionOption.ResponseHeadersRead).WaitAsync(SafetyNet);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        await WaitForWatchersAsync(name, n => n == 1);

        await SetUntilNoWatchersAsync(name);

        AssertClosedOnce(metrics, "event_stream");
        await MetricsRecorder.WaitUntilAsync(() => metrics.Sum("eventdashboard.event_streams") == 0);
    }

    private static void AssertClosedOnce(MetricsRecorder metrics, string transport)
    {
        var closed = Assert.Single(metrics.Of("eventdashboard.stalled_connections.closed"));
        Assert.Equal(1, closed.Value);
        Assert.Equal(transport, closed.Tags["transport"]);
        var timedOut = Assert.Single(metrics.Of("eventdashboard.send_timeouts"));
        Assert.True(timedOut.Value >= 1, $"{timedOut.Value} sends timed out");
        Assert.Equal(transport, timedOut.Tags["transport"]);
    }

    // Sets keep coming while the client never reads: the sender fills the socket buffers, its send gets stuck, and
    // the server must close the connection, which ends the delivery and its watcher.
    private async Task SetUntilNoWatchersAsync(string name)
    {
        using var timeout = new CancellationTokenSource(SafetyNet);
        while (Registry.GetWatcherCount(name) > 0)
        {
            timeout.Token.ThrowIfCancellationRequested();
            Assert.True(Registry.Set(name, Payload, SetSource.Http, null).Succeeded);
            await Task.Yield();
        }
    }

    public sealed class Factory : EventDashboardFactory
    {
        public Factory()
            : base(new Dictionary<string, string?> { ["EventDashboard:SendTimeout"] = "00:00:01" })
        {
            StartKestrel();
        }
    }
}
