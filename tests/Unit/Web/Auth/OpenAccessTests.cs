using System.Net;
using System.Net.WebSockets;
using System.Text;
using EventDashboard.Tests.Unit.Web.Api;
using EventDashboard.Tests.Unit.Web.Hubs;

namespace EventDashboard.Tests.Unit.Web.Auth;

/// <summary>
/// No keys and loopback only, as with <c>dotnet run</c> on a laptop: anonymous callers act as Operator, but pages
/// from other origins and other host names (DNS rebinding) cannot use that.
/// </summary>
public sealed class OpenAccessTests : IClassFixture<OpenAccessTests.App>
{
    private readonly App _app;

    public OpenAccessTests(App app) => _app = app;

    [Fact]
    public async Task Put_Anonymous_IsAnOperatorWithoutAName()
    {
        using var client = new HttpClient { BaseAddress = _app.KestrelAddress };

        using var response = await client.PutAsync("/api/values/open.a", Json("1"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var history = await _app.Get<EventDashboard.Web.Values.ValueRegistry>().GetHistoryAsync("open.a", 1, CancellationToken.None);
        Assert.Null(Assert.Single(history!.Entries).Who);
    }

    [Fact]
    public async Task Put_FromAnotherOrigin_IsRefused()
    {
        using var response = await PutAsync("open.evil", request => request.Headers.Add("Origin", "http://evil.example"));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Forbidden);
        Assert.Equal("Cross-site request refused", problem.GetProperty("title").GetString());
        Assert.Null(_app.Get<EventDashboard.Web.Values.ValueRegistry>().Get("open.evil"));
    }

    [Fact]
    public async Task Put_FromTheServersOwnOrigin_IsApplied()
    {
        using var response = await PutAsync("open.same", request => request.Headers.Add("Origin", _app.KestrelAddress.GetLeftPart(UriPartial.Authority)));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task Get_FromAnotherOrigin_IsAnswered()
    {
        using var client = new HttpClient { BaseAddress = _app.KestrelAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/values");
        request.Headers.Add("Origin", "http://evil.example");

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Put_RebindingHostName_IsRefused()
    {
        using var response = await PutAsync("open.rebound", request => request.Headers.Host = "attacker.example");

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("Host not allowed", problem.GetProperty("title").GetString());
        Assert.Null(_app.Get<EventDashboard.Web.Values.ValueRegistry>().Get("open.rebound"));
    }

    [Fact]
    public async Task Connect_HubFromAnotherOrigin_IsRefused()
    {
        var error = await Assert.ThrowsAsync<WebSocketException>(() => RawHubClient.ConnectAsync(_app.KestrelAddress, origin: "http://evil.example"));

        Assert.Contains("403", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connect_HubFromTheServersOwnOrigin_Works()
    {
        await using var hub = await RawHubClient.ConnectAsync(_app.KestrelAddress, origin: _app.KestrelAddress.GetLeftPart(UriPartial.Authority));

        Assert.Equal(1, (await hub.InvokeResultAsync("Set", "open.hub", 1, null)).GetInt64());
    }

    [Fact]
    public async Task Get_DashboardPage_CarriesSecurityHeaders()
    {
        using var client = new HttpClient { BaseAddress = _app.KestrelAddress };

        using var response = await client.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("script-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("same-origin", response.Headers.GetValues("Referrer-Policy").Single());
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    // An anonymous PUT of 1, with the headers a test gives it.
    private async Task<HttpResponseMessage> PutAsync(string name, Action<HttpRequestMessage> shape)
    {
        using var client = new HttpClient { BaseAddress = _app.KestrelAddress };
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/values/{name}") { Content = Json("1") };
        shape(request);
        return await client.SendAsync(request);
    }

    public sealed class App : EventDashboardFactory
    {
        public App()
        {
            StartKestrel();
        }
    }
}
