using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EventDashboard.Tests.Unit.Web.Auth;

namespace EventDashboard.Tests.Unit.Web.Api;

/// <summary>Keys made at run time are kept, hashed, in the SQLite store, so they survive a restart.</summary>
public sealed class KeysRestartTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "eventdashboard-keys-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Post_ThenRestart_KeyStillWorksAndRevocationLasts()
    {
        string secret;
        await using (var first = new SqliteApp(_folder))
        {
            using var created = await first.ClientWith(KeyedApp.AdminSecret).PostAsJsonAsync("/api/keys", new { name = "kept", role = "Viewer" });
            secret = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("secret").GetString()!;
        }

        await using (var second = new SqliteApp(_folder))
        {
            Assert.Equal(HttpStatusCode.OK, (await second.ClientWith(secret).GetAsync("/api/values")).StatusCode);
            Assert.Equal(HttpStatusCode.NoContent, (await second.ClientWith(KeyedApp.AdminSecret).DeleteAsync("/api/keys/kept")).StatusCode);
        }

        await using var third = new SqliteApp(_folder);
        Assert.Equal(HttpStatusCode.Unauthorized, (await third.ClientWith(secret).GetAsync("/api/values")).StatusCode);
        Assert.DoesNotContain(secret, await File.ReadAllTextAsync(Path.Combine(_folder, "eventdashboard.db")), StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private sealed class SqliteApp(string folder) : KeyedApp(new Dictionary<string, string?>
    {
        ["EventDashboard:Storage:Provider"] = "Sqlite",
        ["EventDashboard:Storage:Path"] = folder,
    });
}
