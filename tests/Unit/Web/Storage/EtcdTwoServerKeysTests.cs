using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using EventDashboard.Tests.Unit.Client;
using EventDashboard.Tests.Unit.TestSupport;
using EventDashboard.Tests.Unit.TestSupport.Etcd;
using EventDashboard.Tests.Unit.Web.Api;
using EventDashboard.Tests.Unit.Web.Hubs;

namespace EventDashboard.Tests.Unit.Web.Storage;

/// <summary>
/// Two real servers on one etcd prefix: a key made on one works on the other, and a key revoked on one is refused by
/// the other, over HTTP and on a hub connection that was open before.
/// </summary>
[Collection(EtcdTests.Name)]
public sealed class EtcdTwoServerKeysTests(EtcdFixture fixture) : IAsyncLifetime
{
    private const string AdminSecret = "admin-secret-0d6c41f2";
    private readonly string _prefix = EtcdFixture.NewPrefix();
    private LoopbackServer _a = null!;
    private LoopbackServer _b = null!;

    public Task InitializeAsync()
    {
        _a = Start();
        _b = Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _a.DisposeAsync();
        await _b.DisposeAsync();
    }

    [Fact]
    public async Task Key_MadeOnServerAThenRevokedThere_WorksOnServerBThenIsRefusedThere()
    {
        using var adminA = Client(_a, AdminSecret);

        using var created = await adminA.PostAsJsonAsync("api/keys", new { name = "ci", role = "Operator" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var secret = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("secret").GetString()!;
        await MarkAsync(adminA, _b, 1);
        using var ciB = Client(_b, secret);

        Assert.Equal(HttpStatusCode.Created, (await ciB.PutAsJsonAsync("api/values/made-by-ci", 1)).StatusCode);
        await using var hub = await RawHubClient.ConnectAsync(_b.BaseAddress, secret);
        await hub.InvokeResultAsync("Set", "made-by-ci", 2, null);

        using var revoked = await adminA.DeleteAsync("api/keys/ci");
        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        await MarkAsync(adminA, _b, 2);

        var problem = await ProblemAssert.IsProblemAsync(await ciB.GetAsync("api/values"), HttpStatusCode.Unauthorized);
        Assert.Equal("Unknown access key", problem.GetProperty("title").GetString());
        var close = await hub.NextCloseAsync();
        Assert.Contains("The key 'ci' is no longer valid", close.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(2, _b.Registry.Get("made-by-ci")!.Version);
    }

    [Fact]
    public async Task Post_SameNameOnBothServers_SecondIsRefusedWithConflict()
    {
        using var adminA = Client(_a, AdminSecret);
        using var adminB = Client(_b, AdminSecret);

        using var first = await adminA.PostAsJsonAsync("api/keys", new { name = "ci", role = "Operator" });
        using var second = await adminB.PostAsJsonAsync("api/keys", new { name = "ci", role = "Admin" });

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        await ProblemAssert.IsProblemAsync(second, HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task KeysCreate_CommandLineOnTheSamePrefix_KeyWorksOnARunningServer()
    {
        var folder = Directory.CreateTempSubdirectory("eventdashboard-keys-cli-");
        try
        {
            var created = await WebAppCommand.RunAsync(
                folder.FullName,
                ["keys", "create", "--name", "ci", "--role", "Viewer", "--EventDashboard:Storage:Provider", "Etcd", "--EventDashboard:Storage:Etcd:Endpoints", fixture.Endpoints, "--EventDashboard:Storage:Etcd:Prefix", _prefix]);
            Assert.Equal(0, created.ExitCode);
            using var adminA = Client(_a, AdminSecret);
            await MarkAsync(adminA, _b, 1);

            using var ciB = Client(_b, created.Output.Trim());

            Assert.Equal(HttpStatusCode.OK, (await ciB.GetAsync("api/values")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await ciB.PutAsJsonAsync("api/values/x", 1)).StatusCode);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    // A Set on A after a key change, seen on B through a blocking query: B's mirror applies etcd's events in
    // revision order, keys before records, so B then has the key change too.
    private static async Task MarkAsync(HttpClient adminA, LoopbackServer b, int version)
    {
        using (var set = await adminA.PutAsJsonAsync("api/values/marker", version))
        {
            set.EnsureSuccessStatusCode();
        }

        using var adminB = Client(b, AdminSecret);
        using var seen = await adminB.GetAsync($"api/values/marker?index={version - 1}&wait=30s").Within();
        Assert.Equal(version, (await seen.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt64());
    }

    private static HttpClient Client(LoopbackServer server, string secret) => new()
    {
        BaseAddress = server.BaseAddress,
        DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", secret) },
    };

    private LoopbackServer Start() => LoopbackServer.Start(
        ("EventDashboard:Storage:Provider", "Etcd"),
        ("EventDashboard:Storage:Etcd:Endpoints", fixture.Endpoints),
        ("EventDashboard:Storage:Etcd:Prefix", _prefix),
        ("EventDashboard:Auth:Keys:0:Name", "admin"),
        ("EventDashboard:Auth:Keys:0:Role", "Admin"),
        ("EventDashboard:Auth:Keys:0:Secret", AdminSecret));
}
