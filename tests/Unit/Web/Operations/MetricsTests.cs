using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using EventDashboard.Tests.Unit.Web.Hubs;

namespace EventDashboard.Tests.Unit.Web.Operations;

/// <summary>The <c>EventDashboard</c> meter's instruments, recorded by the real app.</summary>
public sealed class MetricsTests : IAsyncLifetime
{
    private readonly EventDashboardFactory _app = new();
    private MetricsRecorder _recorder = null!;

    public Task InitializeAsync()
    {
        _app.StartKestrel();
        _recorder = new MetricsRecorder(_app.Get<IMeterFactory>());
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _recorder.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task PutOverHttp_NewValue_CountsCreatedSetFromHttpWithDuration()
    {
        using var client = _app.CreateClient();

        var response = await client.PutAsync(new Uri("/api/values/m.created", UriKind.Relative), Json("1"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var set = Assert.Single(_recorder.Of("eventdashboard.sets"));
        Assert.Equal(1, set.Value);
        Assert.Equal("http", set.Tags["source"]);
        Assert.Equal("created", set.Tags["outcome"]);
        var duration = Assert.Single(_recorder.Of("eventdashboard.set.duration"));
        Assert.True(duration.Value > 0);
        Assert.Equal("created", duration.Tags["outcome"]);
    }

    [Fact]
    public async Task PutOverHttp_VersionMismatch_CountsConflict()
    {
        using var client = _app.CreateClient();
        await client.PutAsync(new Uri("/api/values/m.conflict", UriKind.Relative), Json("1"));
        using var request = new HttpRequestMessage(HttpMethod.Put, "/api/values/m.conflict") { Content = Json("2") };
        request.Headers.IfMatch.Add(new EntityTagHeaderValue("\"7\""));

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.PreconditionFailed, response.StatusCode);
        Assert.Equal(
            ["created", "conflict"],
            _recorder.Of("eventdashboard.sets").Select(m => m.Tags["outcome"]));
    }

    [Fact]
    public async Task PutOverHttp_Commit_RecordsGroupSizeDurationAndValueCount()
    {
        using var client = _app.CreateClient();

        await client.PutAsync(new Uri("/api/values/m.commit", UriKind.Relative), Json("\"x\""));
        _recorder.Observe();

        var size = Assert.Single(_recorder.Of("eventdashboard.store.commit.size"));
        Assert.Equal(1, size.Value);
        Assert.Equal("ok", size.Tags["outcome"]);
        Assert.Single(_recorder.Of("eventdashboard.store.commit.duration"));
        Assert.Equal(1, Assert.Single(_recorder.Of("eventdashboard.values")).Value);
    }

    [Fact]
    public async Task HubSubscription_MovesConnectionAndSubscriptionCountsUpThenDown()
    {
        var client = await RawHubClient.ConnectAsync(_app.KestrelAddress);
        await client.InvokeResultAsync("Subscribe", "m.hub");

        Assert.Equal(1, _recorder.Sum("eventdashboard.hub.connections"));
        Assert.Equal(1, _recorder.Sum("eventdashboard.hub.subscriptions"));

        await client.DisposeAsync();
        await MetricsRecorder.WaitUntilAsync(() => _recorder.Sum("eventdashboard.hub.connections") == 0);
        Assert.Equal(0, _recorder.Sum("eventdashboard.hub.subscriptions"));
    }

    [Fact]
    public async Task Watchers_HubSubscriptionAndEventStream_ObservedByKind()
    {
        await using var client = await RawHubClient.ConnectAsync(_app.KestrelAddress);
        await client.InvokeResultAsync("Subscribe", "m.watched");
        using var http = _app.CreateClient();
        using var stream = await http.GetAsync(new Uri("/api/values/m.watched/events", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead);
        await MetricsRecorder.WaitUntilAsync(() => _recorder.Sum("eventdashboard.event_streams") == 1);

        _recorder.Observe();

        var watchers = _recorder.Of("eventdashboard.watchers").ToDictionary(m => m.Tags["kind"]!, m => m.Value);
        Assert.Equal(1, watchers["hub"]);
        Assert.Equal(1, watchers["event_stream"]);
        Assert.Equal(0, watchers["blocking_query"]);
    }

    [Fact]
    public async Task HubSubscription_Set_CountsDelivery()
    {
        await using var client = await RawHubClient.ConnectAsync(_app.KestrelAddress);
        await client.InvokeResultAsync("Subscribe", "m.delivery");
        using var http = _app.CreateClient();

        await http.PutAsync(new Uri("/api/values/m.delivery", UriKind.Relative), Json("1"));
        await client.NextValueAsync("m.delivery");

        await MetricsRecorder.WaitUntilAsync(() => _recorder.Sum("eventdashboard.deliveries") >= 1);
    }

    [Fact]
    public async Task BlockingQuery_CountsWhileWaiting()
    {
        using var client = _app.CreateClient();
        var waiting = client.GetAsync(new Uri("/api/values/m.blocking?index=0&wait=30s", UriKind.Relative));
        await MetricsRecorder.WaitUntilAsync(() => _recorder.Sum("eventdashboard.blocking_queries") == 1);

        await client.PutAsync(new Uri("/api/values/m.blocking", UriKind.Relative), Json("1"));

        Assert.Equal(HttpStatusCode.OK, (await waiting.WaitAsync(TimeSpan.FromSeconds(30))).StatusCode);
        await MetricsRecorder.WaitUntilAsync(() => _recorder.Sum("eventdashboard.blocking_queries") == 0);
    }

    [Fact]
    public async Task EventStream_CountsWhileOpen()
    {
        using var client = _app.CreateClient();
        using (var stream = await client.GetAsync(new Uri("/api/values/m.stream/events", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead))
        {
            await MetricsRecorder.WaitUntilAsync(() => _recorder.Sum("eventdashboard.event_streams") == 1);
        }

        await MetricsRecorder.WaitUntilAsync(() => _recorder.Sum("eventdashboard.event_streams") == 0);
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}
