using System.Net;
using System.Text.Json;
using EventDashboard.Client;
using EventDashboard.Tests.E2E.Infrastructure;

namespace EventDashboard.Tests.E2E.Storage;

/// <summary>
/// Everything the server says about its values is the same after a restart on the same data folder, whether it
/// was stopped cleanly (its log checkpointed into the database) or killed (the database read back from its log).
/// </summary>
public sealed class RestartTests
{
    // Small, so that a few Sets drop old history and oldestVersion means something.
    private const string HistoryLimit = "--EventDashboard:HistoryLimit=5";

    /// <summary>How the server goes down before it is started again.</summary>
    public enum Stop
    {
        /// <summary>SIGKILL, as a crash.</summary>
        Killed,

        /// <summary>SIGTERM, as a service manager stops it.</summary>
        Graceful,
    }

    [Theory]
    [InlineData(Stop.Killed)]
    [InlineData(Stop.Graceful)]
    public async Task Restart_AfterStop_KeepsValuesVersionsUpdatedAtHistoryAndOldestVersion(Stop stop)
    {
        await using var app = await AppProcess.StartAsync(null, HistoryLimit);
        using var api = new StorageApi(app.BaseAddress);
        for (var step = 1; step <= 8; step++)
        {
            await api.SetAsync("kept-http", $"{{\"step\":{step}}}");
        }

        await using (var client = new EventDashboardClient(app.BaseAddress))
        {
            for (var step = 1; step <= 3; step++)
            {
                await client.SetAsync("kept-hub", new { step });
            }
        }

        var (before, values) = await api.ListAsync();
        var histories = new Dictionary<string, JsonElement>
        {
            ["kept-http"] = (await api.GetAsync("api/values/kept-http/history")).Body,
            ["kept-hub"] = (await api.GetAsync("api/values/kept-hub/history")).Body,
        };

        // What must survive: checked first, so that comparing with the state after the restart means something.
        Assert.Equal(8, values["kept-http"].GetProperty("version").GetInt64());
        Assert.Equal(4, histories["kept-http"].GetProperty("oldestVersion").GetInt64());
        Assert.Equal([8, 7, 6, 5, 4], Entries(histories["kept-http"]).Select(e => e.GetProperty("version").GetInt64()));
        Assert.All(Entries(histories["kept-http"]), e => AssertOrigin(e, "http"));
        Assert.Equal(3, values["kept-hub"].GetProperty("version").GetInt64());
        Assert.All(Entries(histories["kept-hub"]), e => AssertOrigin(e, "hub"));
        var lastIndex = LastIndex(await api.ExportAsync());

        await StopAndStartAgainAsync(app, stop);

        var (after, valuesAfter) = await api.ListAsync();
        Assert.Equal(before.StoreId, after.StoreId);
        Assert.Equal(before.Body.GetRawText(), after.Body.GetRawText());
        foreach (var (name, history) in histories)
        {
            Assert.Equal(history.GetRawText(), (await api.GetAsync($"api/values/{name}/history")).Body.GetRawText());
        }

        Assert.Equal(values.Keys, valuesAfter.Keys);

        // Versions, retention and the registry-wide log all continue where they were.
        Assert.Equal(9, await api.SetAsync("kept-http", "{\"step\":9}"));
        Assert.Equal(5, (await api.GetAsync("api/values/kept-http/history")).Body.GetProperty("oldestVersion").GetInt64());
        var export = await api.ExportAsync();
        Assert.Equal(before.StoreId, export[0].GetProperty("storeId").GetString());
        Assert.Equal(lastIndex + 1, LastIndex(export));
        Assert.Equal("kept-http", export[^1].GetProperty("name").GetString());
    }

    [Theory]
    [InlineData(Stop.Killed)]
    [InlineData(Stop.Graceful)]
    public async Task Restart_AfterStop_DeletedValueStaysDeletedAndSettingItAgainContinuesItsVersions(Stop stop)
    {
        await using var app = await AppProcess.StartAsync();
        using var api = new StorageApi(app.BaseAddress);
        await api.SetAsync("gone", "1");
        await api.SetAsync("gone", "2");
        await api.SetAsync("stays", "1");
        var deleted = await api.DeleteAsync("gone");
        Assert.Equal(HttpStatusCode.OK, deleted.Status);
        Assert.Equal(3, deleted.Version);

        await StopAndStartAgainAsync(app, stop);

        var read = await api.GetAsync("api/values/gone");
        Assert.Equal(HttpStatusCode.NotFound, read.Status);
        Assert.Equal(3, read.Index);
        var (_, values) = await api.ListAsync();
        Assert.Equal(["stays"], values.Keys);
        var history = (await api.GetAsync("api/values/gone/history")).Body;
        var newest = Entries(history).First();
        Assert.Equal(3, newest.GetProperty("version").GetInt64());
        Assert.True(newest.GetProperty("deleted").GetBoolean());
        Assert.Equal(HttpStatusCode.NotFound, (await api.DeleteAsync("gone")).Status);

        var again = await api.PutAsync("gone", "3");
        Assert.Equal(HttpStatusCode.Created, again.Status);
        Assert.Equal(4, again.Version);
    }

    private static async Task StopAndStartAgainAsync(AppProcess app, Stop stop)
    {
        if (stop == Stop.Killed)
        {
            await app.StopAsync();
        }
        else
        {
            await app.StopGracefullyAsync();
            Assert.Equal(0, app.ExitCode);
        }

        await app.StartAgainAsync();
    }

    private static JsonElement.ArrayEnumerator Entries(JsonElement history) => history.GetProperty("entries").EnumerateArray();

    private static void AssertOrigin(JsonElement entry, string source)
    {
        Assert.Equal(source, entry.GetProperty("source").GetString());
        Assert.Equal("127.0.0.1", entry.GetProperty("remote").GetString());
    }

    // The export's first line is its header; every other line is a record with the log index it was given.
    private static long LastIndex(IReadOnlyList<JsonElement> export) => export[^1].GetProperty("index").GetInt64();
}
