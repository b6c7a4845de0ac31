using System.Globalization;
using System.Net;
using System.Text.Json;
using EventDashboard.Tests.E2E.Infrastructure;

namespace EventDashboard.Tests.E2E.Storage;

/// <summary>
/// The data folder is a 2 MiB tmpfs that Sets fill up. Writes then fail with 503 and nothing of them is kept,
/// reads keep working, <c>/readyz</c> says why, every acknowledged Set survives, and writes work again once the
/// disk has room.
/// </summary>
public sealed class DiskFullTests
{
    private const int FullMegabytes = 2;
    private const int RoomyMegabytes = 64;
    private const int Names = 8;

    // Large values fill the write-ahead log within a hundred Sets or so.
    private static readonly string Padding = new('x', 8000);

    [Fact]
    public async Task Set_DiskFull_AnswersUnavailableWhileReadsWorkAndRecoversOnceThereIsRoom()
    {
        await using var disk = await Tmpfs.MountAsync(FullMegabytes);
        await using var app = await AppProcess.StartAsync(disk.Path);
        using var api = new StorageApi(app.BaseAddress);

        var (acknowledged, refused) = await FillAsync(api);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.Response.Status);
        Assert.Equal("application/problem+json", refused.Response.ContentType);
        Assert.False(string.IsNullOrWhiteSpace(refused.Response.Body.GetProperty("title").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(refused.Response.Body.GetProperty("detail").GetString()));
        foreach (var (name, ack) in acknowledged)
        {
            var read = await api.GetAsync($"api/values/{name}");
            Assert.Equal(HttpStatusCode.OK, read.Status);
            AssertIsAcknowledged(name, ack, read.Body);
        }

        var (_, values) = await api.ListAsync();
        Assert.Equal(acknowledged.Keys.Order(), values.Keys.Order());
        var notReady = await api.GetAsync("readyz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, notReady.Status);
        Assert.Equal("Unhealthy", notReady.Body.GetProperty("status").GetString());
        var check = Assert.Single(notReady.Body.GetProperty("checks").EnumerateArray());
        Assert.Equal("Unhealthy", check.GetProperty("status").GetString());
        Assert.Contains(app.DatabasePath, check.GetProperty("description").GetString(), StringComparison.Ordinal);

        await disk.ResizeAsync(RoomyMegabytes);

        // The refused Set left no trace: the next one takes the version it would have had.
        var version = await api.SetAsync(refused.Name, Value(-1));
        Assert.Equal(acknowledged.GetValueOrDefault(refused.Name).Version + 1, version);
        var ready = await api.GetAsync("readyz");
        Assert.Equal(HttpStatusCode.OK, ready.Status);
        Assert.Equal("Healthy", ready.Body.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Restart_AfterDiskFull_EveryAcknowledgedSetSurvivesAndWritesWork()
    {
        await using var disk = await Tmpfs.MountAsync(FullMegabytes);
        await using var app = await AppProcess.StartAsync(disk.Path);
        using var api = new StorageApi(app.BaseAddress);
        var (acknowledged, refused) = await FillAsync(api);

        await app.StopAsync();
        await disk.ResizeAsync(RoomyMegabytes);
        await app.StartAgainAsync();

        // One writer, so the store holds exactly the acknowledged Sets: nothing lost, nothing refused kept.
        var (_, values) = await api.ListAsync();
        Assert.Equal(acknowledged.Keys.Order(), values.Keys.Order());
        foreach (var (name, ack) in acknowledged)
        {
            AssertIsAcknowledged(name, ack, values[name]);
        }

        Assert.Equal(acknowledged.GetValueOrDefault(refused.Name).Version + 1, await api.SetAsync(refused.Name, Value(-1)));
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("readyz")).Status);
    }

    [Fact]
    public async Task Restart_OnStillFullDisk_ServesEveryAcknowledgedSetAndRefusesWrites()
    {
        await using var disk = await Tmpfs.MountAsync(FullMegabytes);
        await using var app = await AppProcess.StartAsync(disk.Path);
        using var api = new StorageApi(app.BaseAddress);
        var (acknowledged, refused) = await FillAsync(api);

        await app.StopAsync();
        await app.StartAgainAsync();

        var (_, values) = await api.ListAsync();
        Assert.Equal(acknowledged.Keys.Order(), values.Keys.Order());
        foreach (var (name, ack) in acknowledged)
        {
            AssertIsAcknowledged(name, ack, values[name]);
        }

        var again = await api.PutAsync(refused.Name, Value(-1));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, again.Status);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await api.GetAsync("readyz")).Status);
    }

    // Sets values one at a time until the disk is full, recording the newest acknowledged Set of each name.
    private static async Task<(Dictionary<string, (long Version, int Seq)> Acknowledged, (string Name, ApiResponse Response) Refused)> FillAsync(StorageApi api)
    {
        var acknowledged = new Dictionary<string, (long Version, int Seq)>(StringComparer.Ordinal);
        for (var seq = 0; seq < 10_000; seq++)
        {
            var name = $"full-{seq % Names}";
            var response = await api.PutAsync(name, Value(seq));
            if (!response.IsSuccess)
            {
                return (acknowledged, (name, response));
            }

            acknowledged[name] = (response.Version, seq);
        }

        throw new InvalidOperationException($"10,000 Sets of {Padding.Length} bytes did not fill a {FullMegabytes} MiB disk.");
    }

    private static string Value(int seq) => string.Create(CultureInfo.InvariantCulture, $"{{\"seq\":{seq},\"padding\":\"{Padding}\"}}");

    private static void AssertIsAcknowledged(string name, (long Version, int Seq) ack, JsonElement snapshot)
    {
        Assert.Equal(name, snapshot.GetProperty("name").GetString());
        Assert.Equal(ack.Version, snapshot.GetProperty("version").GetInt64());
        Assert.Equal(ack.Seq, snapshot.GetProperty("value").GetProperty("seq").GetInt32());
    }
}
