using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using EventDashboard.Protocol;

namespace EventDashboard.Tests.Unit.Web;

/// <summary>The store's identity: the <c>X-Store-Id</c> header on every response, and the <c>storeId</c> of snapshots.</summary>
public sealed class StoreIdTests(EventDashboardFactory factory) : WebAppTests(factory), IClassFixture<EventDashboardFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    private static string StoreIdOf(HttpResponseMessage response)
    {
        Assert.True(response.Headers.TryGetValues("X-Store-Id", out var values), $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode} without X-Store-Id");
        return Assert.Single(values);
    }

    [Theory]
    [InlineData("GET", "/api/values", null, HttpStatusCode.OK)]
    [InlineData("HEAD", "/api/values", null, HttpStatusCode.OK)]
    [InlineData("GET", "/api/values/never-set", null, HttpStatusCode.NotFound)]
    [InlineData("GET", "/api/values/bad!name", null, HttpStatusCode.BadRequest)]
    [InlineData("DELETE", "/api/values/never-set", null, HttpStatusCode.NotFound)]
    [InlineData("PATCH", "/api/values/x", null, HttpStatusCode.MethodNotAllowed)]
    [InlineData("GET", "/api/nothing-here", null, HttpStatusCode.NotFound)]
    [InlineData("GET", "/no-such-page", "text/html", HttpStatusCode.NotFound)]
    [InlineData("POST", "/api/import", null, HttpStatusCode.UnsupportedMediaType)]
    [InlineData("GET", "/api/export", null, HttpStatusCode.OK)]
    [InlineData("GET", "/healthz", null, HttpStatusCode.OK)]
    [InlineData("GET", "/readyz", null, HttpStatusCode.OK)]
    [InlineData("GET", "/openapi/v1.json", null, HttpStatusCode.OK)]
    [InlineData("GET", "/", "text/html", HttpStatusCode.OK)]
    [InlineData("GET", "/favicon.svg", null, HttpStatusCode.OK)]
    public async Task AnyResponse_CarriesStoreIdHeader(string method, string path, string? accept, HttpStatusCode status)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (accept is not null)
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));
        }

        using var response = await _client.SendAsync(request);

        Assert.Equal(status, response.StatusCode);
        Assert.Equal(Registry.StoreId, StoreIdOf(response));
    }

    [Fact]
    public void StoreId_OpenStore_IsSixteenHexDigits()
    {
        Assert.Matches("^[0-9a-f]{16}$", Registry.StoreId);
    }

    [Fact]
    public async Task Put_AnyValue_SnapshotCarriesStoreIdOfHeader()
    {
        var name = NewName();

        using var response = await _client.PutAsync($"/api/values/{name}", new StringContent("1", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(StoreIdOf(response), (await response.Content.ReadFromJsonAsync<ValueSnapshot>())!.StoreId);
    }

    [Fact]
    public async Task GetAndList_SetValue_SnapshotsCarryStoreId()
    {
        var name = NewName();
        Set(name, "1");

        var snapshot = await _client.GetFromJsonAsync<ValueSnapshot>($"/api/values/{name}");
        var listed = (await _client.GetFromJsonAsync<List<ValueSnapshot>>("/api/values"))!.Single(s => s.Name == name);

        Assert.Equal(Registry.StoreId, snapshot!.StoreId);
        Assert.Equal(Registry.StoreId, listed.StoreId);
    }

    [Fact]
    public async Task StoreId_TwoServers_Differ()
    {
        await using var other = new EventDashboardFactory();

        using var response = await other.CreateClient().GetAsync("/healthz");

        Assert.NotEqual(Registry.StoreId, StoreIdOf(response));
        Assert.Equal(other.Get<EventDashboard.Web.Values.ValueRegistry>().StoreId, StoreIdOf(response));
    }
}
