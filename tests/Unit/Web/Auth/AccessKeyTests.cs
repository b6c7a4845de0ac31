using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace EventDashboard.Tests.Unit.Web.Auth;

/// <summary>What a key leaves behind: its name in the audit, and never its secret in the log.</summary>
public sealed class AccessKeyTests : IClassFixture<KeyedApp>
{
    private readonly KeyedApp _app;

    public AccessKeyTests(KeyedApp app) => _app = app;

    [Fact]
    public async Task Put_WithAKey_HistoryExportAndLogRecordTheKeyName()
    {
        using var client = _app.ClientWith(KeyedApp.AdminSecret);

        using var put = await client.PutAsync("/api/values/audit.a", new StringContent("1", Encoding.UTF8, "application/json"));
        using var delete = await client.DeleteAsync("/api/values/audit.a");

        var history = await client.GetFromJsonAsync<JsonElement>("/api/values/audit.a/history");
        Assert.All(history.GetProperty("entries").EnumerateArray(), e => Assert.Equal("admin", e.GetProperty("who").GetString()));
        var export = await client.GetStringAsync("/api/export");
        Assert.Contains("\"who\":\"admin\"", export, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Requests_WithRightAndWrongSecrets_NeverLogASecret()
    {
        foreach (var secret in KeyedApp.Secrets)
        {
            using var client = _app.ClientWith(secret);
            using var response = await client.GetAsync("/api/values");
            using var hubNegotiate = await new HttpClient { BaseAddress = _app.KestrelAddress }
                .PostAsync($"/hubs/values/negotiate?negotiateVersion=1&access_token={secret}", null);
        }

        var entries = _app.Logs.Entries;
        Assert.Contains(entries, e => e.EventId.Name == "UnknownAccessKey");
        foreach (var secret in KeyedApp.Secrets)
        {
            Assert.DoesNotContain(entries, e => e.Message.Contains(secret, StringComparison.Ordinal) || e.Exception?.ToString().Contains(secret, StringComparison.Ordinal) == true);
        }
    }

    [Fact]
    public async Task Put_BearerKeyFromAnotherOrigin_IsApplied()
    {
        using var client = _app.ClientWith(KeyedApp.OperatorSecret);
        using var request = new HttpRequestMessage(HttpMethod.Put, "/api/values/cross.bearer") { Content = new StringContent("1", Encoding.UTF8, "application/json") };
        request.Headers.Add("Origin", "http://tools.example");

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }
}
