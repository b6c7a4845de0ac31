using System.Net.WebSockets;
using System.Text.Json;
using EventDashboard.Tests.Unit.Web.Hubs;
using Microsoft.Extensions.Configuration;

namespace EventDashboard.Tests.Unit.Web.Auth;

/// <summary>The hub's methods against each principal, over a raw WebSocket with SignalR's access_token.</summary>
public sealed class HubAccessTests : IClassFixture<HubAccessTests.App>
{
    private readonly App _app;

    public HubAccessTests(App app) => _app = app;

    [Theory]
    [InlineData(null)]
    [InlineData(KeyedApp.WrongSecret)]
    public async Task Connect_NoOrUnknownKey_IsRefused(string? secret)
    {
        var error = await Assert.ThrowsAsync<WebSocketException>(() => RawHubClient.ConnectAsync(_app.KestrelAddress, secret));

        Assert.Contains("401", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_ViewerKey_ReadsButCannotWriteAndStaysConnected()
    {
        await using var hub = await RawHubClient.ConnectAsync(_app.KestrelAddress, KeyedApp.ViewerSecret);

        var snapshot = await hub.InvokeResultAsync("Subscribe", "other.b");
        Assert.Equal(1, snapshot.GetProperty("version").GetInt64());
        await hub.InvokeResultAsync("SubscribePrefix", "team.");
        await hub.InvokeResultAsync("SubscribeAll");
        await hub.InvokeResultAsync("Unsubscribe", "other.b");

        var set = await hub.InvokeAsync("Set", "team.v", 1, null);
        var delete = await hub.InvokeAsync("Delete", "team.a", null);

        Assert.Contains("Role too low: The key 'viewer' has the role Viewer; this needs Operator.", set.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Contains("Role too low", delete.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Contains("other.b", (await hub.InvokeResultAsync("List")).EnumerateArray().Select(s => s.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task Invoke_OperatorKey_WritesAndHistoryNamesTheKey()
    {
        await using var hub = await RawHubClient.ConnectAsync(_app.KestrelAddress, KeyedApp.OperatorSecret);

        var version = await hub.InvokeResultAsync("Set", "team.hub", 5, null);

        Assert.Equal(1, version.GetInt64());
        var history = await _app.Get<EventDashboard.Web.Values.ValueRegistry>().GetHistoryAsync("team.hub", 1, CancellationToken.None);
        Assert.Equal("operator", Assert.Single(history!.Entries).Who);
        await hub.InvokeResultAsync("Delete", "team.hub", null);
    }

    [Fact]
    public async Task Invoke_ScopedKey_SeesAndWritesOnlyItsPrefix()
    {
        await using var hub = await RawHubClient.ConnectAsync(_app.KestrelAddress, KeyedApp.ScopedSecret);

        var outside = await hub.InvokeResultAsync("Subscribe", "other.b");
        var all = await hub.InvokeResultAsync("SubscribeAll");
        var list = await hub.InvokeResultAsync("List");
        var set = await hub.InvokeAsync("Set", "other.b", 2, null);
        var delete = await hub.InvokeAsync("Delete", "other.b", null);

        Assert.Equal(JsonValueKind.Null, outside.ValueKind);
        Assert.Contains("team.a", all.EnumerateArray().Select(s => s.GetProperty("name").GetString()));
        Assert.All(all.EnumerateArray(), s => Assert.StartsWith("team.", s.GetProperty("name").GetString(), StringComparison.Ordinal));
        Assert.All(list.EnumerateArray(), s => Assert.StartsWith("team.", s.GetProperty("name").GetString(), StringComparison.Ordinal));
        Assert.Contains("Name outside the key's prefixes: The key 'scoped' is limited to names starting with 'team.'; 'other.b' is not one of them.", set.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Contains("Name outside the key's prefixes", delete.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.True((await hub.InvokeResultAsync("Set", "team.scoped", 1, null)).GetInt64() >= 1);
    }

    [Fact]
    public async Task Invoke_KeyRevokedWhileConnected_IsRefusedOnItsNextCall()
    {
        await using var hub = await RawHubClient.ConnectAsync(_app.KestrelAddress, App.RevocableSecret);
        await hub.InvokeResultAsync("List");

        var configuration = (IConfigurationRoot)_app.Get<IConfiguration>();
        configuration["EventDashboard:Auth:Keys:4:Secret"] = "a-new-secret-for-revocable";
        configuration.Reload();
        var after = await hub.InvokeAsync("List");

        Assert.Contains("The key 'revocable' is no longer valid", after.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    public sealed class App : KeyedApp
    {
        public const string RevocableSecret = "revocable-secret-1d4e";

        public App()
            : base(new Dictionary<string, string?>
            {
                ["EventDashboard:Auth:Keys:4:Name"] = "revocable",
                ["EventDashboard:Auth:Keys:4:Role"] = "Viewer",
                ["EventDashboard:Auth:Keys:4:Secret"] = RevocableSecret,
            })
        {
            var registry = Get<EventDashboard.Web.Values.ValueRegistry>();
            foreach (var name in (string[])["team.a", "other.b"])
            {
                registry.SetAsync(name, JsonDocument.Parse("1").RootElement, new EventDashboard.Web.Values.SetOrigin("test")).AsTask().GetAwaiter().GetResult();
            }
        }
    }
}
