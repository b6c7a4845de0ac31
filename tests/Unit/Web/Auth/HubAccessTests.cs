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
    public async Task Subscribe_KeyGivenAnotherRoleWhileConnected_ConnectionIsClosedWithReconnectAllowed()
    {
        var close = await CloseAfterReconfigureAsync(App.ChangingSecret, "EventDashboard:Auth:Keys:5:Role", "Operator");

        Assert.Contains("The key 'changing' changed", close.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.True(close.GetProperty("allowReconnect").GetBoolean());
        await using var again = await RawHubClient.ConnectAsync(_app.KestrelAddress, App.ChangingSecret);
        Assert.Equal(1, (await again.InvokeResultAsync("Set", "team.changing", 1, null)).GetInt64());
    }

    [Fact]
    public async Task Subscribe_KeyRevokedWhileConnected_ConnectionIsClosedWithoutReconnect()
    {
        var close = await CloseAfterReconfigureAsync(App.RevocableSecret, "EventDashboard:Auth:Keys:4:Secret", "a-new-secret-for-revocable");

        Assert.Contains("The key 'revocable' is no longer valid", close.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.False(close.TryGetProperty("allowReconnect", out var allow) && allow.GetBoolean());
        await EventDashboard.Tests.Unit.Web.Operations.MetricsRecorder.WaitUntilAsync(
            () => !_app.Get<EventDashboard.Web.Hubs.Internal.HubConnections>().All.Any(c => c.User.Identity?.Name == "revocable"));
    }

    [Fact]
    public async Task Subscribe_AnotherKeyChanges_ConnectionStaysOpen()
    {
        await using var hub = await RawHubClient.ConnectAsync(_app.KestrelAddress, KeyedApp.ViewerSecret);
        await hub.InvokeResultAsync("Subscribe", "team.a");

        _app.Reconfigure("EventDashboard:Auth:Keys:6:Role", "Operator");

        // The hub answers a call after the change was applied (the reload raised Changed synchronously).
        Assert.Equal(JsonValueKind.Array, (await hub.InvokeResultAsync("List")).ValueKind);
    }

    // Connects with a key and subscribes, changes a setting of the keys, and returns the close message that follows.
    private async Task<JsonElement> CloseAfterReconfigureAsync(string secret, string key, string value)
    {
        await using var hub = await RawHubClient.ConnectAsync(_app.KestrelAddress, secret);
        await hub.InvokeResultAsync("Subscribe", "team.a");

        _app.Reconfigure(key, value);
        return await hub.NextCloseAsync();
    }

    public sealed class App : KeyedApp
    {
        /// <summary>Changes one setting and reloads the configuration, as an edited appsettings file would.</summary>
        public void Reconfigure(string key, string value)
        {
            var configuration = (IConfigurationRoot)Get<IConfiguration>();
            configuration[key] = value;
            configuration.Reload();
        }

        public const string RevocableSecret = "revocable-secret-1d4e";
        public const string ChangingSecret = "changing-secret-77c1";

        public App()
            : base(new Dictionary<string, string?>
            {
                ["EventDashboard:Auth:Keys:4:Name"] = "revocable",
                ["EventDashboard:Auth:Keys:4:Role"] = "Viewer",
                ["EventDashboard:Auth:Keys:4:Secret"] = RevocableSecret,
                ["EventDashboard:Auth:Keys:5:Name"] = "changing",
                ["EventDashboard:Auth:Keys:5:Role"] = "Viewer",
                ["EventDashboard:Auth:Keys:5:Secret"] = ChangingSecret,
                ["EventDashboard:Auth:Keys:6:Name"] = "bystander",
                ["EventDashboard:Auth:Keys:6:Role"] = "Viewer",
                ["EventDashboard:Auth:Keys:6:Secret"] = "bystander-secret-5e2f",
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
