using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EventDashboard.Tests.Unit.Web.Auth;
using EventDashboard.Tests.Unit.Web.Hubs;

namespace EventDashboard.Tests.Unit.Web.Api;

/// <summary>Access keys made, listed and revoked at run time by an Admin, on the real app.</summary>
public sealed class KeysEndpointsTests : IClassFixture<KeyedApp>
{
    private static readonly string[] MadePrefixes = ["made."];
    private readonly KeyedApp _app;

    public KeysEndpointsTests(KeyedApp app) => _app = app;

    [Fact]
    public async Task Post_AdminKey_MakesAKeyThatWorksAtOnceWithItsRoleAndScope()
    {
        using var admin = _app.ClientWith(KeyedApp.AdminSecret);
        using (var set = await _app.ClientWith(KeyedApp.OperatorSecret).PutAsJsonAsync("/api/values/made.a", 1))
        {
            set.EnsureSuccessStatusCode();
        }

        using var response = await admin.PostAsJsonAsync("/api/keys", new { name = "made-viewer", role = "Viewer", prefixes = MadePrefixes });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        var secret = created.GetProperty("secret").GetString()!;
        Assert.Equal(64, secret.Length);
        Assert.Equal("Viewer", created.GetProperty("role").GetString());
        using var made = _app.ClientWith(secret);
        Assert.Equal(HttpStatusCode.OK, (await made.GetAsync("/api/values/made.a")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await made.PutAsJsonAsync("/api/values/made.a", 2)).StatusCode);
        Assert.DoesNotContain(_app.Logs.Entries, e => e.Message.Contains(secret, StringComparison.Ordinal));
        Assert.Contains(_app.Logs.Entries, e => e.EventId.Name == "AccessKeyCreated" && e.Message.Contains("made-viewer", StringComparison.Ordinal) && e.Message.Contains("admin", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Get_AdminKey_ListsEveryKeyWithoutSecrets()
    {
        using var admin = _app.ClientWith(KeyedApp.AdminSecret);
        using (await admin.PostAsJsonAsync("/api/keys", new { name = "listed", role = "Operator" }))
        {
        }

        var text = await admin.GetStringAsync("/api/keys");

        var keys = JsonDocument.Parse(text).RootElement.EnumerateArray().ToDictionary(k => k.GetProperty("name").GetString()!, k => k.GetProperty("source").GetString());
        Assert.Equal("configuration", keys["viewer"]);
        Assert.Equal("api", keys["listed"]);
        Assert.DoesNotContain("\"secret\":\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain(KeyedApp.ViewerSecret, text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(KeyedApp.OperatorSecret, HttpStatusCode.Forbidden)]
    [InlineData(KeyedApp.ViewerSecret, HttpStatusCode.Forbidden)]
    [InlineData(null, HttpStatusCode.Unauthorized)]
    public async Task KeyRoutes_NotAnAdmin_AreRefused(string? secret, HttpStatusCode expected)
    {
        using var client = _app.ClientWith(secret);

        using var post = await client.PostAsJsonAsync("/api/keys", new { name = "sneaky", role = "Admin" });
        using var list = await client.GetAsync("/api/keys");
        using var delete = await client.DeleteAsync("/api/keys/viewer");

        await ProblemAssert.IsProblemAsync(post, expected);
        await ProblemAssert.IsProblemAsync(list, expected);
        await ProblemAssert.IsProblemAsync(delete, expected);
    }

    [Theory]
    [InlineData("viewer", "Viewer", null, HttpStatusCode.Conflict, "Key exists")]
    [InlineData("bad name!", "Viewer", null, HttpStatusCode.BadRequest, "Invalid key name")]
    [InlineData("ok", "Boss", null, HttpStatusCode.BadRequest, "Invalid role")]
    [InlineData("ok", "2", null, HttpStatusCode.BadRequest, "Invalid role")]
    [InlineData("ok", "Viewer", "bad prefix!", HttpStatusCode.BadRequest, "Invalid prefixes")]
    public async Task Post_InvalidKey_IsRefusedSayingWhy(string name, string role, string? prefix, HttpStatusCode expected, string title)
    {
        using var admin = _app.ClientWith(KeyedApp.AdminSecret);

        using var response = await admin.PostAsJsonAsync("/api/keys", new { name, role, prefixes = prefix is null ? Array.Empty<string>() : [prefix] });

        var problem = await ProblemAssert.IsProblemAsync(response, expected);
        Assert.Equal(title, problem.GetProperty("title").GetString());
    }

    [Fact]
    public async Task Delete_MadeKey_StopsItOverHttpAndClosesItsOpenHubConnection()
    {
        using var admin = _app.ClientWith(KeyedApp.AdminSecret);
        using var created = await admin.PostAsJsonAsync("/api/keys", new { name = "short-lived", role = "Operator" });
        var secret = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("secret").GetString()!;
        await using var hub = await RawHubClient.ConnectAsync(_app.KestrelAddress, secret);
        await hub.InvokeResultAsync("Set", "short.a", 1, null);

        using var revoked = await admin.DeleteAsync("/api/keys/short-lived");

        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        var problem = await ProblemAssert.IsProblemAsync(await _app.ClientWith(secret).GetAsync("/api/values"), HttpStatusCode.Unauthorized);
        Assert.Equal("Unknown access key", problem.GetProperty("title").GetString());
        var close = await hub.NextCloseAsync();
        Assert.Contains("The key 'short-lived' is no longer valid", close.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Contains(_app.Logs.Entries, e => e.EventId.Name == "AccessKeyRevoked");
    }

    [Theory]
    [InlineData("viewer", HttpStatusCode.Conflict)]
    [InlineData("never-made", HttpStatusCode.NotFound)]
    public async Task Delete_ConfiguredOrUnknownKey_ChangesNothing(string name, HttpStatusCode expected)
    {
        using var admin = _app.ClientWith(KeyedApp.AdminSecret);

        using var response = await admin.DeleteAsync($"/api/keys/{name}");

        await ProblemAssert.IsProblemAsync(response, expected);
        Assert.Equal(HttpStatusCode.OK, (await _app.ClientWith(KeyedApp.ViewerSecret).GetAsync("/api/values")).StatusCode);
    }
}
