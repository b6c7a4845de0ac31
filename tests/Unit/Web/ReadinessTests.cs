using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using EventDashboard.Web.Storage;

namespace EventDashboard.Tests.Unit.Web;

/// <summary><c>/readyz</c> (the store takes writes) next to <c>/healthz</c> (the process serves requests).</summary>
public sealed class ReadinessTests
{
    [Fact]
    public async Task Readyz_StoreTakesWrites_Returns200HealthyJsonWithStoreCheck()
    {
        await using var app = StorageFactory.Create(StorageProvider.Sqlite);
        using var client = app.CreateClient();

        using var response = await client.GetAsync("/readyz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var report = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Healthy", report.GetProperty("status").GetString());
        var check = Assert.Single(report.GetProperty("checks").EnumerateArray());
        Assert.Equal("store", check.GetProperty("name").GetString());
        Assert.Equal("Healthy", check.GetProperty("status").GetString());
        Assert.Contains(app.Get<EventDashboard.Web.Values.ValueRegistry>().StoreId, check.GetProperty("description").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Readyz_WritesFail_Returns503UnhealthyWhileHealthzStaysHealthy()
    {
        await using var app = StorageFactory.Create(StorageProvider.Sqlite);
        using var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.Created, (await client.PutAsync("/api/values/a", Json("1"))).StatusCode);

        // The store refuses to write to a database file removed under it: the next Set fails.
        File.Delete(Path.Combine(app.Folder, StorageOptions.DatabaseFileName));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.PutAsync("/api/values/a", Json("2"))).StatusCode);

        using var ready = await client.GetAsync("/readyz");
        using var live = await client.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        var report = await ready.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Unhealthy", report.GetProperty("status").GetString());
        var check = Assert.Single(report.GetProperty("checks").EnumerateArray());
        Assert.Equal("Unhealthy", check.GetProperty("status").GetString());
        Assert.Contains("removed", check.GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal("Healthy", await live.Content.ReadAsStringAsync());
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}
