using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using EventDashboard.Tests.Unit.Client;
using EventDashboard.Tests.Unit.TestSupport;
using Microsoft.Data.Sqlite;

namespace EventDashboard.Tests.Unit.Web.Auth.Internal;

/// <summary>
/// <c>dotnet EventDashboard.Web.dll keys ...</c> run as a real process against a real SQLite folder, and a real server
/// started on that folder afterwards.
/// </summary>
public sealed class KeysCommandTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("eventdashboard-keys-cli-");

    private string DatabasePath => Path.Combine(_folder.FullName, "eventdashboard.db");

    [Fact]
    public async Task Create_ThenServerOnTheFolder_SecretPrintedOnceWorksWithItsRoleAndScope()
    {
        var created = await RunAsync("keys", "create", "--name", "ci", "--role", "Operator", "--prefix", "team.");

        Assert.Equal(0, created.ExitCode);
        var secret = created.Output.TrimEnd('\n');
        Assert.Matches("^[0-9a-f]{64}$", secret);
        Assert.Contains("Made key 'ci' (Operator, team.)", created.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, created.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, await File.ReadAllTextAsync(DatabasePath), StringComparison.Ordinal);

        await using var server = LoopbackServer.StartSqlite(_folder.FullName);
        using var ci = Client(server, secret);
        using var anonymous = new HttpClient { BaseAddress = server.BaseAddress };
        Assert.Equal(HttpStatusCode.Created, (await ci.PutAsJsonAsync("api/values/team.a", 1)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await ci.PutAsJsonAsync("api/values/other", 1)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("api/values")).StatusCode);
        Assert.Equal("ci", (await server.Registry.GetHistoryAsync("team.a", 1))!.Entries[0].Who);
    }

    [Fact]
    public async Task List_AfterCreate_ShowsStoredAndConfiguredKeysWithoutSecrets()
    {
        var secret = (await RunAsync("keys", "create", "--name", "made", "--role", "Viewer")).Output.Trim();

        var list = await RunAsync("keys", "list", "--EventDashboard:Auth:Keys:0:Name", "configured", "--EventDashboard:Auth:Keys:0:Role", "Admin", "--EventDashboard:Auth:Keys:0:Secret", "configured-secret-1");

        Assert.Equal(0, list.ExitCode);
        var rows = list.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(r => r.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToArray();
        Assert.Equal(["NAME", "ROLE", "SOURCE"], rows[0][..3]);
        Assert.Equal(["configured", "Admin", "configuration"], rows[1][..3]);
        Assert.Equal(["made", "Viewer", "api"], rows[2][..3]);
        Assert.Equal(3, rows.Length);
        Assert.DoesNotContain(secret, list.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("configured-secret-1", list.Output + list.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_NameTaken_ExitsOneAndKeepsTheFirstKey()
    {
        var first = (await RunAsync("keys", "create", "--name", "ci", "--role", "Operator")).Output.Trim();

        var second = await RunAsync("keys", "create", "--name", "ci", "--role", "Admin");

        Assert.Equal(1, second.ExitCode);
        Assert.Empty(second.Output);
        Assert.Contains("a key named 'ci' exists already", second.Error, StringComparison.Ordinal);
        await using var server = LoopbackServer.StartSqlite(_folder.FullName);
        Assert.Equal(HttpStatusCode.Forbidden, (await Client(server, first).GetAsync("api/keys")).StatusCode);
    }

    [Fact]
    public async Task Revoke_MadeKey_ExitsZeroAndServerRefusesIt()
    {
        var secret = (await RunAsync("keys", "create", "--name", "ci", "--role", "Operator")).Output.Trim();
        var other = (await RunAsync("keys", "create", "--name", "other", "--role", "Viewer")).Output.Trim();

        var revoked = await RunAsync("keys", "revoke", "--name", "ci");

        Assert.Equal(0, revoked.ExitCode);
        Assert.Contains("Revoked key 'ci'", revoked.Error, StringComparison.Ordinal);
        await using var server = LoopbackServer.StartSqlite(_folder.FullName);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Client(server, secret).GetAsync("api/values")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Client(server, other).GetAsync("api/values")).StatusCode);
    }

    [Fact]
    public async Task Revoke_TheOnlyKey_ExitsOneAndKeepsIt()
    {
        var secret = (await RunAsync("keys", "create", "--name", "only", "--role", "Admin")).Output.Trim();

        var revoked = await RunAsync("keys", "revoke", "--name", "only");

        Assert.Equal(1, revoked.ExitCode);
        Assert.Contains("is the only credential this server has", revoked.Error, StringComparison.Ordinal);
        await using var server = LoopbackServer.StartSqlite(_folder.FullName);
        Assert.Equal(HttpStatusCode.OK, (await Client(server, secret).GetAsync("api/values")).StatusCode);
    }

    [Theory]
    [InlineData("missing", "There is no key named 'missing'")]
    [InlineData("configured", "is configured in EventDashboard:Auth:Keys; remove it there")]
    public async Task Revoke_UnknownOrConfiguredKey_ExitsOneSayingWhy(string name, string message)
    {
        var revoked = await RunAsync("keys", "revoke", "--name", name, "--EventDashboard:Auth:Keys:0:Name", "configured", "--EventDashboard:Auth:Keys:0:Role", "Admin", "--EventDashboard:Auth:Keys:0:Secret", "configured-secret-1");

        Assert.Equal(1, revoked.ExitCode);
        Assert.Contains(message, revoked.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("create needs --name.", "keys", "create", "--role", "Operator")]
    [InlineData("create needs --role", "keys", "create", "--name", "ci")]
    [InlineData("Invalid role: role must be Viewer, Operator or Admin, but it is 'Boss'.", "keys", "create", "--name", "ci", "--role", "Boss")]
    [InlineData("Invalid key name", "keys", "create", "--name", "no spaces", "--role", "Viewer")]
    [InlineData("Invalid prefixes", "keys", "create", "--name", "ci", "--role", "Viewer", "--prefix", "")]
    [InlineData("--name needs a value.", "keys", "create", "--role", "Viewer", "--name")]
    [InlineData("Unknown option --nmae.", "keys", "create", "--nmae", "ci", "--role", "Viewer")]
    [InlineData("revoke needs --name.", "keys", "revoke")]
    [InlineData("Unknown command 'delete'.", "keys", "delete", "--name", "ci")]
    [InlineData("Say which command", "keys")]
    public async Task Run_BadCommandLine_ExitsTwoSayingWhatIsWrongAndTouchesNoStore(string message, params string[] args)
    {
        var run = await RunAsync(args);

        Assert.Equal(2, run.ExitCode);
        Assert.Empty(run.Output);
        Assert.Contains(message, run.Error, StringComparison.Ordinal);
        Assert.Contains("keys --help", run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(DatabasePath));
    }

    [Fact]
    public async Task Help_Always_PrintsUsageAndExitsZero()
    {
        var help = await RunAsync("keys", "--help");

        Assert.Equal(0, help.ExitCode);
        Assert.Contains("create --name <name> --role <Viewer|Operator|Admin> [--prefix <prefix> ...]", help.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(DatabasePath));
    }

    [Fact]
    public async Task Create_FolderInUseByARunningServer_ExitsOneSayingSo()
    {
        await using var server = LoopbackServer.StartSqlite(_folder.FullName);

        var created = await RunAsync("keys", "create", "--name", "ci", "--role", "Operator");

        Assert.Equal(1, created.ExitCode);
        Assert.Empty(created.Output);
        Assert.Contains("in use by another EventDashboard server", created.Error, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _folder.Delete(recursive: true);
    }

    private static HttpClient Client(LoopbackServer server, string secret) => new()
    {
        BaseAddress = server.BaseAddress,
        DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", secret) },
    };

    // The built app on this test's folder, run from the folder, so no appsettings.json applies.
    private Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args) =>
        WebAppCommand.RunAsync(
            _folder.FullName,
            args.Length > 1 && args[1] is "create" or "list" or "revoke"
                ? [.. args, "--EventDashboard:Storage:Provider", "Sqlite", "--EventDashboard:Storage:Path", _folder.FullName]
                : args);
}
