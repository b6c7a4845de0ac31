using System.Text;
using System.Text.Json;
using EventDashboard.Protocol;
using EventDashboard.Tests.Unit.TestSupport;
using EventDashboard.Web;
using EventDashboard.Web.Storage.Internal;
using EventDashboard.Web.Values;

namespace EventDashboard.Tests.Unit.Web.Storage;

/// <summary>
/// What every store must do, checked through the registry that uses it: compare-and-set, ordering, delete,
/// retention, and reload (a new registry opened on the same store, as after a restart). Each store's test class
/// only says how to make one.
/// </summary>
public abstract partial class StoreConformanceTests : IAsyncLifetime
{
    private readonly List<ValueRegistry> _open = [];

    /// <summary>Makes a store; calling it again must give the same data, as a restarted server would see it.</summary>
    private protected abstract IValueStore OpenStore(int historyLimit);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var registry in _open)
        {
            await registry.DisposeAsync();
        }
    }

    private protected ValueRegistry Open(int historyLimit = 100, int logCapacity = 16)
    {
        var registry = RegistryTestExtensions.OpenRegistry(
            new EventDashboardOptions { HistoryLimit = historyLimit, LogCapacity = logCapacity, MaxValueBytes = 64 * 1024 },
            OpenStore(historyLimit));
        _open.Add(registry);
        return registry;
    }

    private protected async Task<ValueRegistry> ReopenAsync(ValueRegistry registry, int historyLimit = 100)
    {
        _open.Remove(registry);
        await registry.DisposeAsync();
        return Open(historyLimit);
    }

    private static Task<SetOutcome> SetAsync(ValueRegistry registry, string name, string json, long? expected = null, string? who = null) =>
        registry.SetAsync(name, Encoding.UTF8.GetBytes(json), new SetOrigin(SetSource.Http, "10.0.0.7", who), expected).AsTask();

    [Fact]
    public async Task Reopen_AfterSets_KeepsValuesVersionsTimesAndStoreId()
    {
        var registry = Open();
        await SetAsync(registry, "a", "1");
        var second = (await SetAsync(registry, "a", "{\"x\":[1,2]}")).Snapshot!;
        await SetAsync(registry, "b", "\"text\"");
        var storeId = registry.StoreId;

        var reopened = await ReopenAsync(registry);

        var a = reopened.Get("a")!;
        Assert.Equal((2L, second.UpdatedAt), (a.Version, a.UpdatedAt));
        Assert.Equal("[1,2]", a.Value.GetProperty("x").GetRawText());
        Assert.Equal("text", reopened.Get("b")!.Value.GetString());
        Assert.Equal(storeId, reopened.StoreId);
        Assert.Equal(storeId, a.StoreId);
        Assert.False(string.IsNullOrEmpty(storeId));
        Assert.Equal(2, reopened.Count);
    }

    [Fact]
    public async Task Reopen_AfterSets_NextSetContinuesVersionsAndLogIndexes()
    {
        var registry = Open();
        await SetAsync(registry, "a", "1");
        await SetAsync(registry, "a", "2");
        await SetAsync(registry, "b", "1");

        var reopened = await ReopenAsync(registry);
        var token = new CancellationTokenSource(TestTimeouts.Safety).Token;
        await using var log = reopened.ReadLogAsync(afterIndex: 3, token).GetAsyncEnumerator(token);
        var next = log.MoveNextAsync().AsTask();
        var outcome = await SetAsync(reopened, "a", "3");

        Assert.Equal(3, outcome.Snapshot!.Version);
        Assert.True(await next.Within());
        Assert.Equal((4L, "a", 3L), (log.Current.Index, log.Current.Name, log.Current.Entry.Version));
    }

    [Fact]
    public async Task Reopen_LogReaderResumingByIndex_ContinuesWithLaterSets()
    {
        var registry = Open();
        for (var i = 1; i <= 5; i++)
        {
            await SetAsync(registry, "n" + (i % 2), i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        var reopened = await ReopenAsync(registry);
        var token = new CancellationTokenSource(TestTimeouts.Safety).Token;
        var seen = new List<long>();
        await foreach (var record in reopened.ReadLogAsync(afterIndex: 2, token))
        {
            seen.Add(record.Index);
            if (seen.Count == 3)
            {
                break;
            }
        }

        Assert.Equal([3L, 4L, 5L], seen);
    }

    [Fact]
    public async Task Reopen_PrefixWatchResumingByIndex_SendsOnlyLaterChangesUnderPrefix()
    {
        var registry = Open();
        await SetAsync(registry, "app.a", "1");
        await SetAsync(registry, "other", "1");
        await SetAsync(registry, "app.b", "1");
        await registry.DeleteAsync("app.a", new SetOrigin(SetSource.Http, null));

        var reopened = await ReopenAsync(registry);
        var token = new CancellationTokenSource(TestTimeouts.Safety).Token;
        var seen = new List<(string, long, bool)>();
        await foreach (var change in reopened.WatchPrefixAsync("app.", afterIndex: 1, token))
        {
            seen.Add((change.Name, change.State.Index, change.State.Deleted));
            if (seen.Count == 2)
            {
                break;
            }
        }

        // The newest state of each name keeps its log index across the restart.
        Assert.Equal([("app.b", 3L, false), ("app.a", 4L, true)], seen);
    }

    [Fact]
    public async Task Reopen_History_KeepsSourceRemoteWhoAndOrder()
    {
        var registry = Open();
        await SetAsync(registry, "a", "1", who: "alice");
        await SetAsync(registry, "a", "2");

        var history = (await (await ReopenAsync(registry)).GetHistoryAsync("a", 10))!;

        Assert.Equal([2L, 1L], history.Entries.Select(e => e.Version));
        Assert.Equal(("http", "10.0.0.7", "alice"), (history.Entries[1].Source, history.Entries[1].Remote, history.Entries[1].Who));
        Assert.Equal(1, history.OldestVersion);
    }

    [Fact]
    public async Task SetAsync_CompareAndSetRace_ExactlyOneWins()
    {
        var registry = Open();

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() => SetAsync(registry, "race", i.ToString(System.Globalization.CultureInfo.InvariantCulture), expected: 0))));

        Assert.Single(outcomes, o => o.Kind == SetOutcomeKind.Created);
        Assert.Equal(19, outcomes.Count(o => o.Kind == SetOutcomeKind.Conflict));
        Assert.All(outcomes.Where(o => o.Kind == SetOutcomeKind.Conflict), o => Assert.Equal(1, o.Snapshot!.Version));
    }

    [Fact]
    public async Task SetAsync_ConcurrentSetters_VersionsAndLogAreGaplessAfterReopen()
    {
        var registry = Open(historyLimit: 1000);
        const int Setters = 8;
        const int Each = 25;

        var acknowledged = await Task.WhenAll(Enumerable.Range(0, Setters).Select(s => Task.Run(async () =>
        {
            var versions = new List<long>();
            for (var i = 0; i < Each; i++)
            {
                versions.Add((await SetAsync(registry, "shared", $"[{s},{i}]")).Snapshot!.Version);
            }

            return versions;
        })));

        Assert.All(acknowledged, versions => Assert.Equal(versions.Order(), versions));
        var history = (await (await ReopenAsync(registry, historyLimit: 1000)).GetHistoryAsync("shared", 1000))!;
        Assert.Equal(Enumerable.Range(1, Setters * Each).Reverse().Select(v => (long)v), history.Entries.Select(e => e.Version));
    }

    [Fact]
    public async Task CompareAndSet_AfterReopen_ChecksTheRestoredVersion()
    {
        var registry = Open();
        await SetAsync(registry, "a", "1");

        var reopened = await ReopenAsync(registry);

        Assert.Equal(SetOutcomeKind.Conflict, (await SetAsync(reopened, "a", "2", expected: 0)).Kind);
        Assert.Equal(SetOutcomeKind.Updated, (await SetAsync(reopened, "a", "2", expected: 1)).Kind);
    }

    [Fact]
    public async Task DeleteAsync_ThenReopen_StaysDeletedAndVersionsContinue()
    {
        var registry = Open();
        await SetAsync(registry, "gone", "1");
        var deleted = await registry.DeleteAsync("gone", new SetOrigin(SetSource.Hub, null, "bob"));

        var reopened = await ReopenAsync(registry);

        Assert.Equal(2, deleted.Deletion!.Version);
        Assert.Null(reopened.Get("gone"));
        Assert.Equal(2, reopened.GetVersion("gone"));
        Assert.Equal(0, reopened.Count);
        var newest = (await reopened.GetHistoryAsync("gone", 1))!.Entries[0];
        Assert.Equal((true, "bob", JsonValueKind.Null), (newest.Deleted, newest.Who, newest.Value.ValueKind));
        var again = await SetAsync(reopened, "gone", "3");
        Assert.Equal((SetOutcomeKind.Created, 3L), (again.Kind, again.Snapshot!.Version));
    }

    [Fact]
    public async Task History_BeyondLimit_KeepsNewestAndOldestVersionIsTrueAfterReopen()
    {
        var registry = Open(historyLimit: 3);
        for (var i = 1; i <= 7; i++)
        {
            await SetAsync(registry, "a", i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        var live = (await registry.GetHistoryAsync("a", 100))!;
        var reopened = (await (await ReopenAsync(registry, historyLimit: 3)).GetHistoryAsync("a", 100))!;

        Assert.Equal([7L, 6L, 5L], live.Entries.Select(e => e.Version));
        Assert.Equal(5, live.OldestVersion);
        Assert.Equal([7L, 6L, 5L], reopened.Entries.Select(e => e.Version));
        Assert.Equal(5, reopened.OldestVersion);
    }

    [Fact]
    public async Task Export_ThenImportIntoEmptyStore_RoundTripsEveryRetainedSet()
    {
        var source = Open(historyLimit: 2);
        await SetAsync(source, "a", "1");
        await SetAsync(source, "a", "2");
        await SetAsync(source, "a", "3");
        await SetAsync(source, "b", "{\"k\":true}");
        await source.DeleteAsync("b", new SetOrigin(SetSource.Http));
        var exported = await source.ExportAsync().ToListAsync();

        var target = RegistryTestExtensions.OpenRegistry(new EventDashboardOptions { HistoryLimit = 2 }, new MemoryValueStore(2));
        await using var _ = target;
        await target.ImportAsync(exported.ToAsyncEnumerable());

        Assert.Equal([2L, 3L, 4L, 5L], exported.Select(r => r.Index));
        Assert.Equal(3, target.Get("a")!.Version);
        Assert.Equal(2, (await target.GetHistoryAsync("a", 10))!.OldestVersion);
        Assert.Null(target.Get("b"));
        Assert.Equal(2, target.GetVersion("b"));
        Assert.Equal(SetOutcomeKind.Updated, (await SetAsync(target, "a", "4", expected: 3)).Kind);
    }

    [Fact]
    public async Task ImportAsync_NonEmptyStore_RefusesAndChangesNothing()
    {
        var registry = Open();
        await SetAsync(registry, "a", "1");

        await Assert.ThrowsAsync<StoreNotEmptyException>(() => registry.ImportAsync(AsyncEnumerable.Empty<SetRecord>()));
        Assert.Equal(1, registry.Get("a")!.Version);
    }

    [Fact]
    public async Task ImportAsync_BadRecordLate_ImportsNothing()
    {
        var registry = Open();
        var value = JsonSerializer.SerializeToElement(1);
        SetRecord[] records =
        [
            new(1, "a", new HistoryEntry(1, value, DateTimeOffset.UnixEpoch, "http", null)),
            new(2, "a", new HistoryEntry(2, value, DateTimeOffset.UnixEpoch, "http", null)),
            new(3, "a", new HistoryEntry(2, value, DateTimeOffset.UnixEpoch, "http", null)),
        ];

        await Assert.ThrowsAsync<InvalidDataException>(() => registry.ImportAsync(records.ToAsyncEnumerable()));

        Assert.Null(registry.Get("a"));
        Assert.Null(await registry.GetHistoryAsync("a", 10));
        Assert.Equal(SetOutcomeKind.Created, (await SetAsync(registry, "a", "1")).Kind);
    }
}
