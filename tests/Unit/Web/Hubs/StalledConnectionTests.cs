using EventDashboard.Tests.Unit.TestSupport;
using System.Text.Json;
using EventDashboard.Web.Hubs.Internal;
using EventDashboard.Web.Values;

namespace EventDashboard.Tests.Unit.Web.Hubs;

/// <summary>The documented policy: a connection whose sends stay stuck for HubSendTimeout is closed and its subscriptions end.</summary>
public sealed class StalledConnectionTests(StalledConnectionTests.Factory factory) : WebAppTests(factory), IClassFixture<StalledConnectionTests.Factory>
{
    [Fact]
    public async Task Subscribe_ReaderNeverReads_ServerClosesConnectionAndReleasesWatchers()
    {
        var name = NewName();
        Set(name, "0");
        await using var client = await RawHubClient.ConnectAsync(App.KestrelAddress);
        await client.InvokeResultAsync("Subscribe", name);
        var payload = JsonSerializer.SerializeToElement(new { pad = new string('x', 8 * 1024) });

        // Sets keep coming while the client never reads: the sender fills the socket buffers, its send gets
        // stuck, and the server must close the connection, which ends the subscription and its watcher.
        using var timeout = new CancellationTokenSource(SafetyNet);
        while (Registry.GetWatcherCount(name) > 0)
        {
            timeout.Token.ThrowIfCancellationRequested();
            Assert.True(Registry.Set(name, payload, SetSource.Http, null).Succeeded);
            await Task.Yield();
        }

        Assert.DoesNotContain(App.Get<HubConnections>().All, c => c.IsSubscribed(name));
    }

    public sealed class Factory : EventDashboardFactory
    {
        public Factory()
            : base(new Dictionary<string, string?> { ["EventDashboard:HubSendTimeout"] = "00:00:01" })
        {
            StartKestrel();
        }
    }
}
