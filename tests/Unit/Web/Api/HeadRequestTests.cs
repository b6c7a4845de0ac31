using System.Globalization;
using System.Net.Http.Headers;

namespace EventDashboard.Tests.Unit.Web.Api;

/// <summary>HEAD on the read routes, over a real socket: Kestrel, not the app, is what drops the body.</summary>
public sealed class HeadRequestTests(HeadRequestTests.Factory factory) : WebAppTests(factory), IClassFixture<HeadRequestTests.Factory>
{
    private readonly HttpClient _client = new() { BaseAddress = factory.KestrelAddress };

    [Theory]
    [InlineData("/api/values")]
    [InlineData("/api/values/{0}")]
    [InlineData("/api/values/{0}?index=0")]
    [InlineData("/api/values/{0}/history")]
    [InlineData("/healthz")]
    public async Task Head_ReadRoute_SameStatusAndHeadersAsGetWithoutBody(string route)
    {
        var name = NewName();
        Set(name, """{"temp":21.5}""");
        var path = string.Format(CultureInfo.InvariantCulture, route, name);
        using var timeout = new CancellationTokenSource(SafetyNet);

        var get = await SendAsync(HttpMethod.Get, path);
        var head = await RawHttp.SendAsync(App.KestrelAddress, "HEAD", path, timeout.Token);

        Assert.NotEmpty(await get.Content.ReadAsByteArrayAsync());
        Assert.Equal((int)get.StatusCode, head.StatusCode);
        Assert.Equal(get.Content.Headers.ContentType?.ToString(), head.Headers["Content-Type"]);
        Assert.Equal(Header(get, "ETag"), head.Headers.GetValueOrDefault("ETag"));
        Assert.Equal(Header(get, "X-Index"), head.Headers.GetValueOrDefault("X-Index"));
        Assert.Empty(head.Body);
    }

    [Fact]
    public async Task Head_NeverSet_Returns404ProblemHeadersWithoutBody()
    {
        using var timeout = new CancellationTokenSource(SafetyNet);

        var head = await RawHttp.SendAsync(App.KestrelAddress, "HEAD", $"/api/values/{NewName()}", timeout.Token);

        Assert.Equal(404, head.StatusCode);
        Assert.StartsWith("application/problem+json", head.Headers["Content-Type"], StringComparison.Ordinal);
        Assert.Empty(head.Body);
    }

    [Fact]
    public async Task Head_WithIndex_BlocksUntilNewerVersion()
    {
        var name = NewName();
        Set(name, "1");
        using var timeout = new CancellationTokenSource(SafetyNet);

        var head = RawHttp.SendAsync(App.KestrelAddress, "HEAD", $"/api/values/{name}?index=1&wait=5m", timeout.Token);
        await WaitForWatchersAsync(name, count => count > 0);
        Assert.False(head.IsCompleted);
        Set(name, "2");

        var response = await head;
        Assert.Equal(200, response.StatusCode);
        Assert.Equal("2", response.Headers["X-Index"]);
        Assert.Equal("\"2\"", response.Headers["ETag"]);
        Assert.Empty(response.Body);
    }

    [Fact]
    public async Task Head_Events_Returns405()
    {
        var response = await SendAsync(HttpMethod.Head, $"/api/values/{NewName()}/events");

        Assert.Equal(System.Net.HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(", ", values) : null;

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return await _client.SendAsync(request);
    }

    public sealed class Factory : EventDashboardFactory
    {
        public Factory() => StartKestrel();
    }
}
