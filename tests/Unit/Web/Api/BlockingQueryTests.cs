using System.Net;
using System.Net.Http.Json;
using EventDashboard.Protocol;
using EventDashboard.Core;
using EventDashboard.Tests.Unit.Client;
using EventDashboard.Tests.Unit.TestSupport.Etcd;
using EventDashboard.Web.Api.Internal;

namespace EventDashboard.Tests.Unit.Web.Api;

public sealed class BlockingQueryTests(EventDashboardFactory factory) : WebAppTests(factory), IClassFixture<EventDashboardFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    // The request is parked once it counts as a watcher of the value: a real signal, not a sleep.
    private Task WaitUntilWatchedAsync(string name) => WaitForWatchersAsync(name, n => n > 0);

    [Fact]
    public async Task Get_IndexBelowVersion_AnswersAtOnceWithCurrent()
    {
        var name = NewName();
        Set(name, "1");
        Set(name, "2");

        var snapshot = await _client.GetFromJsonAsync<ValueSnapshot>($"/api/values/{name}?index=1&wait=10m");

        Assert.Equal(2, snapshot!.Version);
    }

    [Fact]
    public async Task Get_HeldWhenEtcdIsLost_AnswersAtOnceMarkedStale()
    {
        await using var cluster = await EtcdCluster.StartAsync();
        await using var server = LoopbackServer.StartEtcd(cluster.Endpoints, EtcdFixture.NewPrefix());
        await server.PutAsync("n", 1);
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        var request = http.GetAsync("api/values/n?index=1&wait=10m");
        using (var counts = server.Registry.WatchWatcherCount("n"))
        {
            await counts.GetAsync(GetOptions<WatchersChange>.Where(c => c.Watchers > 0)).AsTask().WaitAsync(SafetyNet);
        }

        Assert.False(request.IsCompleted);
        await cluster.KillAsync(0);

        // Long before its 10 minutes: the safety net is 30 s.
        using var response = await request.WaitAsync(SafetyNet);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("true", response.Headers.GetValues("X-Stale").Single());
        Assert.Equal("1", response.Headers.GetValues("X-Index").Single());
    }

    [Fact]
    public async Task Get_IndexAtVersion_AnswersWithNextSet()
    {
        var name = NewName();
        Set(name, "1");

        var request = _client.GetAsync($"/api/values/{name}?index=1&wait=5m");
        await WaitUntilWatchedAsync(name);
        Assert.False(request.IsCompleted);
        Set(name, "\"new\"");

        var response = await request.WaitAsync(SafetyNet);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("2", response.Headers.GetValues("X-Index").Single());
        var snapshot = await response.Content.ReadFromJsonAsync<ValueSnapshot>();
        Assert.Equal("new", snapshot!.Value.GetString());
        Assert.Equal(0, Registry.GetWatcherCount(name));
    }

    [Fact]
    public async Task Get_NameNotSetYet_AnswersWithFirstSet()
    {
        var name = NewName();

        var request = _client.GetAsync($"/api/values/{name}?index=0");
        await WaitUntilWatchedAsync(name);
        Set(name, "42");

        var response = await request.WaitAsync(SafetyNet);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, (await response.Content.ReadFromJsonAsync<ValueSnapshot>())!.Version);
    }

    [Fact]
    public async Task Get_WaitPassesWithoutSet_AnswersWithCurrent()
    {
        var name = NewName();
        Set(name, "1");

        var response = await _client.GetAsync($"/api/values/{name}?index=1&wait=1s");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("1", response.Headers.GetValues("X-Index").Single());
    }

    [Fact]
    public async Task Get_WaitPassesNeverSet_Returns404()
    {
        var response = await _client.GetAsync($"/api/values/{NewName()}?index=0&wait=1s");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("index=-1")]
    [InlineData("index=abc")]
    [InlineData("index=1&wait=soon")]
    [InlineData("index=1&wait=5x")]
    public async Task Get_BadIndexOrWait_Returns400(string query)
    {
        var name = NewName();
        Set(name, "1");

        await ProblemAssert.IsProblemAsync(await _client.GetAsync($"/api/values/{name}?{query}"), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Get_WaitOverflowingTimeSpan_IsCappedNot500()
    {
        var name = NewName();
        Set(name, "1");

        var response = await _client.GetAsync($"/api/values/{name}?index=0&wait=999999999h");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("30s", 30_000)]
    [InlineData("5m", 300_000)]
    [InlineData("1m30s", 90_000)]
    [InlineData("250ms", 250)]
    [InlineData("15", 15_000)]
    [InlineData("0s", 0)]
    [InlineData("11m", 600_000)]
    [InlineData("2h", 600_000)]
    [InlineData("99999999999", 600_000)]
    [InlineData("999999999h", 600_000)]
    [InlineData("1234567890s", 600_000)]
    [InlineData("99999999999999999999999ms", 600_000)]
    public void WaitDuration_Valid_ParsesAndCapsAtTenMinutes(string text, int milliseconds)
    {
        Assert.True(WaitDuration.TryParse(text, out var wait));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), wait);
    }

    [Theory]
    [InlineData("")]
    [InlineData("s")]
    [InlineData("-5s")]
    [InlineData("5 s")]
    [InlineData("5d")]
    [InlineData("1.5s")]
    public void WaitDuration_Invalid_IsRejected(string text)
    {
        Assert.False(WaitDuration.TryParse(text, out _));
    }

    [Fact]
    public void WaitDuration_WithJitter_AddsUpToASixteenth()
    {
        var wait = TimeSpan.FromMinutes(5);

        Assert.Equal(wait, WaitDuration.WithJitter(wait, 0));
        var most = WaitDuration.WithJitter(wait, 0.999);
        Assert.True(most > wait && most < wait + (wait / 16));
    }
}
