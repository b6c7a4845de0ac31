using System.Text;
using System.Text.Json;
using EventDashboard.Core;
using EventDashboard.Protocol;
using EventDashboard.Tests.Unit.TestSupport;
using EventDashboard.Web;
using EventDashboard.Web.Storage.Internal;
using EventDashboard.Web.Values;
using Microsoft.Extensions.Logging.Abstractions;

namespace EventDashboard.Tests.Unit.Web.Values;

public sealed class ValueRegistryTests
{
    private static readonly TimeSpan SafetyNet = TimeSpan.FromSeconds(30);

    private static ValueRegistry CreateRegistry(int historyLimit = 1000, int maxValueBytes = 1024, int logCapacity = 100) =>
        RegistryTestExtensions.OpenRegistry(new EventDashboardOptions { HistoryLimit = historyLimit, MaxValueBytes = maxValueBytes, LogCapacity = logCapacity });

    private static SetOutcome Set(ValueRegistry registry, string name, string json, long? expectedVersion = null) =>
        registry.Set(name, Encoding.UTF8.GetBytes(json), SetSource.Http, "10.0.0.1", expectedVersion);

    private static SetOutcome Delete(ValueRegistry registry, string name, long? expectedVersion = null) =>
        registry.Delete(name, SetSource.Http, "10.0.0.1", expectedVersion);

    private static void SetTimes(ValueRegistry registry, int times)
    {
        for (var i = 0; i < times; i++)
        {
            Set(registry, "a", "1");
        }
    }

    private static IAsyncEnumerator<SetRecord> OpenLog(ValueRegistry registry, long afterIndex)
    {
        var token = new CancellationTokenSource(SafetyNet).Token;
        return registry.ReadLogAsync(afterIndex, token).GetAsyncEnumerator(token);
    }

    [Fact]
    public async Task ReadLogAsync_ValuesHeavierThanMaxRetainedBytes_ReadsTheOlderSetsFromTheStore()
    {
        // Ten Sets of about 1 KB against a window that may hold 2 KB: the log keeps the newest two in memory,
        // and a reader resuming from the start still gets all ten, in order, the older ones from the store.
        var registry = RegistryTestExtensions.OpenRegistry(new EventDashboardOptions { LogCapacity = 64, MaxRetainedBytes = 2048, MaxValueBytes = 4096 });
        var heavy = "\"" + new string('x', 1000) + "\"";
        for (var i = 0; i < 10; i++)
        {
            Set(registry, "heavy", heavy);
        }

        Assert.Equal(2, registry.RetainedLogSets);
        await using var log = OpenLog(registry, afterIndex: 0);
        var indexes = new List<long>();
        while (indexes.Count < 10 && await log.MoveNextAsync().AsTask().Within())
        {
            indexes.Add(log.Current.Index);
        }

        Assert.Equal(Enumerable.Range(1, 10).Select(i => (long)i), indexes);
    }

    [Fact]
    public void Set_NewName_CreatesVersionOne()
    {
        var registry = CreateRegistry();

        var outcome = Set(registry, "a", """{"x":1}""");

        Assert.Equal(SetOutcomeKind.Created, outcome.Kind);
        Assert.Equal(1, outcome.Snapshot!.Version);
        Assert.Equal(1, outcome.Snapshot.Value.GetProperty("x").GetInt32());
        Assert.Equal(1, registry.Get("a")!.Version);
        Assert.Equal(1, registry.Count);
    }

    [Fact]
    public void Set_ExistingName_UpdatesWithNextVersion()
    {
        var registry = CreateRegistry();
        Set(registry, "a", "1");

        var outcome = Set(registry, "a", "2");

        Assert.Equal(SetOutcomeKind.Updated, outcome.Kind);
        Assert.Equal(2, outcome.Snapshot!.Version);
        Assert.Equal(2, registry.Get("a")!.Value.GetInt32());
    }

    [Fact]
    public void Set_ExpectedVersionMismatch_ReturnsConflictAndChangesNothing()
    {
        var registry = CreateRegistry();
        Set(registry, "a", "1");

        var outcome = Set(registry, "a", "2", expectedVersion: 5);

        Assert.Equal(SetOutcomeKind.Conflict, outcome.Kind);
        Assert.False(outcome.Succeeded);
        Assert.Equal(1, outcome.Snapshot!.Version);
        Assert.Contains("version 5", outcome.Detail, StringComparison.Ordinal);
        Assert.Equal(1, registry.Get("a")!.Value.GetInt32());
        Assert.Single(registry.GetHistory("a", 10)!.Entries);
    }

    [Fact]
    public void Set_ExpectedVersionMatches_Updates()
    {
        var registry = CreateRegistry();
        Assert.Equal(SetOutcomeKind.Created, Set(registry, "a", "1", expectedVersion: 0).Kind);

        var outcome = Set(registry, "a", "2", expectedVersion: 1);

        Assert.Equal(SetOutcomeKind.Updated, outcome.Kind);
        Assert.Equal(2, outcome.Snapshot!.Version);
    }

    [Fact]
    public void Set_ExpectedVersionZeroButExists_Conflicts()
    {
        var registry = CreateRegistry();
        Set(registry, "a", "1");

        Assert.Equal(SetOutcomeKind.Conflict, Set(registry, "a", "2", expectedVersion: 0).Kind);
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("slash/no")]
    [InlineData("ünicode")]
    public void Set_InvalidName_RejectsAndCreatesNothing(string name)
    {
        var registry = CreateRegistry();

        var outcome = Set(registry, name, "1");

        Assert.Equal(SetOutcomeKind.InvalidName, outcome.Kind);
        Assert.False(string.IsNullOrEmpty(outcome.Detail));
        Assert.Empty(registry.List());
        Assert.Equal(0, registry.Count);
    }

    [Fact]
    public void Set_NameOf128Characters_IsAcceptedAnd129IsNot()
    {
        var registry = CreateRegistry();

        Assert.True(Set(registry, new string('n', 128), "1").Succeeded);
        Assert.Equal(SetOutcomeKind.InvalidName, Set(registry, new string('n', 129), "1").Kind);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("{\"a\":}")]
    [InlineData("1 2")]
    [InlineData("nul")]
    public void Set_MalformedJson_RejectsAndChangesNothing(string json)
    {
        var registry = CreateRegistry();
        Set(registry, "a", "1");

        var outcome = Set(registry, "a", json);

        Assert.Equal(SetOutcomeKind.InvalidJson, outcome.Kind);
        Assert.Equal(1, registry.Get("a")!.Version);
    }

    [Fact]
    public void Set_OverSizeLimit_RejectsAndChangesNothing()
    {
        var registry = CreateRegistry(maxValueBytes: 100);
        var exactly100 = "\"" + new string('x', 98) + "\"";

        Assert.True(Set(registry, "a", exactly100).Succeeded);
        var outcome = Set(registry, "a", "\"" + new string('x', 99) + "\"");

        Assert.Equal(SetOutcomeKind.TooLarge, outcome.Kind);
        Assert.Contains("100", outcome.Detail, StringComparison.Ordinal);
        Assert.Equal(1, registry.Get("a")!.Version);
    }

    [Fact]
    public void Set_JsonElementOverSizeLimit_Rejects()
    {
        var registry = CreateRegistry(maxValueBytes: 100);
        var element = JsonSerializer.SerializeToElement(new string('x', 200));

        Assert.Equal(SetOutcomeKind.TooLarge, registry.Set("a", element, SetSource.Hub, null).Kind);
        Assert.Null(registry.Get("a"));
    }

    [Fact]
    public void Set_InvalidUtf8_RejectsAndChangesNothing()
    {
        var registry = CreateRegistry();

        // "é" in Latin-1: the JSON reader does not check string contents, and the writer turned it into U+FFFD.
        var outcome = registry.Set("a", (byte[])[0x22, 0xE9, 0x22], SetSource.Http, null);

        Assert.Equal(SetOutcomeKind.InvalidJson, outcome.Kind);
        Assert.Null(registry.Get("a"));
    }

    [Fact]
    public void Set_NestedAtMaxDepth_IsAcceptedAndSerializesInsideItsHistory()
    {
        var registry = CreateRegistry();

        Assert.True(Set(registry, "a", Nested(ValueRegistry.MaxValueDepth)).Succeeded);

        // The history is the deepest envelope the HTTP API writes around a value.
        Assert.Contains("[[", JsonSerializer.Serialize(registry.GetHistory("a", 1)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ValueRegistry.MaxValueDepth + 1)]
    [InlineData(64)]
    public void Set_NestedDeeperThanMaxDepth_RejectsAndChangesNothing(int depth)
    {
        var registry = CreateRegistry();

        var outcome = Set(registry, "a", Nested(depth));

        Assert.Equal(SetOutcomeKind.InvalidJson, outcome.Kind);
        Assert.Null(registry.Get("a"));
    }

    [Fact]
    public void Set_JsonElementNestedDeeperThanMaxDepth_Rejects()
    {
        var registry = CreateRegistry();
        using var document = JsonDocument.Parse(Nested(ValueRegistry.MaxValueDepth + 1));

        Assert.Equal(SetOutcomeKind.InvalidJson, registry.Set("a", document.RootElement, SetSource.Hub, null).Kind);
        Assert.Null(registry.Get("a"));
    }

    [Fact]
    public void Set_UndefinedJsonElement_RejectsAsInvalidJson()
    {
        var registry = CreateRegistry();

        Assert.Equal(SetOutcomeKind.InvalidJson, registry.Set("a", default(JsonElement), SetSource.Hub, null).Kind);
    }

    [Fact]
    public void Set_JsonElementFromDisposedDocument_KeepsItsOwnCopy()
    {
        var registry = CreateRegistry();
        using (var document = JsonDocument.Parse("""{"k":"v"}"""))
        {
            registry.Set("a", document.RootElement, SetSource.Hub, null);
        }

        Assert.Equal("v", registry.Get("a")!.Value.GetProperty("k").GetString());
    }

    [Fact]
    public void List_SortsByNameAndSkipsNamesNeverSet()
    {
        var registry = CreateRegistry();
        Set(registry, "b", "2");
        Set(registry, "a", "1");
        Set(registry, "B", "3");
        using var watcherOfUnsetName = registry.Watch("watched-only");

        var names = registry.List().Select(s => s.Name);

        Assert.Equal(["B", "a", "b"], names);
    }

    [Fact]
    public void GetHistory_BeyondLimit_KeepsNewestAndReportsOldestVersion()
    {
        var registry = CreateRegistry(historyLimit: 3);
        for (var i = 1; i <= 5; i++)
        {
            Set(registry, "a", i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        var history = registry.GetHistory("a", 100)!;

        Assert.Equal("a", history.Name);
        Assert.Equal(3, history.OldestVersion);
        Assert.Equal([5L, 4L, 3L], history.Entries.Select(e => e.Version));
        Assert.Equal(5, history.Entries[0].Value.GetInt32());
        Assert.All(history.Entries, e => Assert.Equal(SetSource.Http, e.Source));
        Assert.All(history.Entries, e => Assert.Equal("10.0.0.1", e.Remote));
    }

    [Fact]
    public void GetHistory_WithLimit_ReturnsNewestEntriesFirst()
    {
        var registry = CreateRegistry();
        Set(registry, "a", "1");
        Set(registry, "a", "2");
        registry.Set("a", JsonSerializer.SerializeToElement(3), SetSource.Ui, null);

        var history = registry.GetHistory("a", 2)!;

        Assert.Equal(1, history.OldestVersion);
        Assert.Equal([3L, 2L], history.Entries.Select(e => e.Version));
        Assert.Equal(SetSource.Ui, history.Entries[0].Source);
        Assert.Null(history.Entries[0].Remote);
    }

    [Fact]
    public void GetHistory_NeverSet_ReturnsNull()
    {
        Assert.Null(CreateRegistry().GetHistory("a", 10));
    }

    [Fact]
    public async Task Watch_CountsWatcherUntilDisposed()
    {
        var registry = CreateRegistry();
        Set(registry, "a", "1");

        var watcher = registry.Watch("a");
        var snapshot = await watcher.GetAsync();

        Assert.Equal(1, registry.GetWatcherCount("a"));
        Assert.Equal(1, snapshot.Watchers);
        Assert.Equal(1, registry.Get("a")!.Watchers);
        watcher.Dispose();
        watcher.Dispose();
        Assert.Equal(0, registry.GetWatcherCount("a"));
    }

    [Fact]
    public async Task Watch_NameNotSetYet_FirstGetWaitsForFirstSet()
    {
        var registry = CreateRegistry();
        using var watcher = registry.Watch("later");
        var get = watcher.GetAsync(new CancellationTokenSource(SafetyNet).Token).AsTask();
        Assert.False(get.IsCompleted);

        Set(registry, "later", "\"here\"");

        var snapshot = await get;
        Assert.Equal(1, snapshot.Version);
        Assert.Equal("here", snapshot.Value.GetString());
    }

    [Fact]
    public void Watch_InvalidName_Throws()
    {
        Assert.Throws<ArgumentException>(() => CreateRegistry().Watch("bad name"));
    }

    [Fact]
    public async Task WatchWatcherCount_WatcherAdded_ReportsNewCount()
    {
        var registry = CreateRegistry();
        using var counts = registry.WatchWatcherCount("a");
        Assert.Equal(new WatchersChange("a", 0), await counts.GetAsync());

        using var watcher = registry.Watch("a");

        Assert.Equal(new WatchersChange("a", 1), await counts.GetAsync(new CancellationTokenSource(SafetyNet).Token));
    }

    [Fact]
    public async Task WatchNames_FirstSetOfName_Wakes()
    {
        var registry = CreateRegistry();
        Set(registry, "a", "1");
        using var names = registry.WatchNames();
        Assert.Equal(1, await names.GetAsync());
        var next = names.GetAsync(new CancellationTokenSource(SafetyNet).Token).AsTask();

        Set(registry, "a", "2");
        Assert.False(next.IsCompleted);
        Set(registry, "b", "1");

        Assert.Equal(2, await next);
    }

    [Fact]
    public async Task ReadLogAsync_AfterIndex_ResumesWithLaterSetsAndFollowsNewOnes()
    {
        var registry = CreateRegistry();
        Set(registry, "a", "1");
        Set(registry, "b", "1");
        Set(registry, "a", "2");
        await using var log = OpenLog(registry, afterIndex: 1);

        Assert.True(await log.MoveNextAsync());
        Assert.Equal((2L, "b", 1L), (log.Current.Index, log.Current.Name, log.Current.Entry.Version));
        Assert.True(await log.MoveNextAsync());
        Assert.Equal((3L, "a", 2L), (log.Current.Index, log.Current.Name, log.Current.Entry.Version));
        var next = log.MoveNextAsync().AsTask();
        Assert.False(next.IsCompleted);
        Set(registry, "c", "1");
        Assert.True(await next);
        Assert.Equal((4L, "c"), (log.Current.Index, log.Current.Name));
    }

    [Fact]
    public async Task ReadLogAsync_OlderThanWindow_ReadsRetainedSetsFromStore()
    {
        var registry = CreateRegistry(logCapacity: 3);
        SetTimes(registry, 10);

        await using var log = OpenLog(registry, afterIndex: 0);

        Assert.Equal(Enumerable.Range(1, 10).Select(i => (long)i), await TakeIndexesAsync(log, 10));
    }

    [Fact]
    public async Task ReadLogAsync_ReaderFallsOutOfWindow_ReadsWhatItMissedFromStore()
    {
        var registry = CreateRegistry(logCapacity: 3);
        Set(registry, "a", "1");
        await using var log = OpenLog(registry, afterIndex: 0);
        Assert.True(await log.MoveNextAsync());
        Assert.Equal(1, log.Current.Index);

        SetTimes(registry, 10);

        Assert.Equal(Enumerable.Range(2, 10).Select(i => (long)i), await TakeIndexesAsync(log, 10));
    }

    [Fact]
    public async Task ReadLogAsync_HistoryPruned_StartsAtOldestRetainedSet()
    {
        var registry = CreateRegistry(historyLimit: 2, logCapacity: 1);
        SetTimes(registry, 5);

        await using var log = OpenLog(registry, afterIndex: 0);

        Assert.Equal([4L, 5L], await TakeIndexesAsync(log, 2));
    }

    [Fact]
    public void Watch_NeverSetNameLastWatcherDisposed_ForgetsName()
    {
        var registry = CreateRegistry();
        Set(registry, "kept", "1");
        var first = registry.Watch("waited-for");
        var second = registry.Watch("waited-for");

        first.Dispose();
        Assert.Equal(2, registry.TrackedCount);
        second.Dispose();

        Assert.Equal(1, registry.TrackedCount);
    }

    [Fact]
    public async Task Watch_AfterNameWasForgotten_StillSeesFirstSet()
    {
        var registry = CreateRegistry();
        registry.Watch("later").Dispose();
        using var watcher = registry.Watch("later");
        var get = watcher.GetAsync(new CancellationTokenSource(SafetyNet).Token).AsTask();

        Set(registry, "later", "1");

        Assert.Equal(1, (await get).Version);
    }

    [Fact]
    public void Watch_SetNameLastWatcherDisposed_KeepsName()
    {
        var registry = CreateRegistry();
        Set(registry, "a", "1");

        registry.Watch("a").Dispose();

        Assert.Equal(1, registry.TrackedCount);
        Assert.NotNull(registry.Get("a"));
    }

    [Fact]
    public void Set_ConflictOnNeverSetName_LeavesNoEntry()
    {
        var registry = CreateRegistry();

        var outcome = Set(registry, "nope", "1", expectedVersion: 5);

        Assert.Equal(SetOutcomeKind.Conflict, outcome.Kind);
        Assert.Null(outcome.Snapshot);
        Assert.Equal(0, registry.TrackedCount);
    }

    [Fact]
    public async Task ReadLogAsync_WindowMovesWhileReading_LosesNothing()
    {
        var registry = CreateRegistry(logCapacity: 3);
        SetTimes(registry, 4);

        await using var log = OpenLog(registry, afterIndex: 1);
        Assert.True(await log.MoveNextAsync());
        Assert.Equal(2, log.Current.Index);

        // The window now starts after this reader's position: it must not skip what lies between.
        SetTimes(registry, 4);

        Assert.Equal(Enumerable.Range(3, 6).Select(i => (long)i), await TakeIndexesAsync(log, 6));
    }

    [Fact]
    public void Delete_ExistingValue_MakesNextVersionWithoutValue()
    {
        var registry = CreateRegistry();
        Set(registry, "a", "1");
        Set(registry, "b", "1");

        var outcome = Delete(registry, "a");

        Assert.Equal(SetOutcomeKind.Deleted, outcome.Kind);
        Assert.True(outcome.Succeeded);
        Assert.Null(outcome.Snapshot);
        Assert.Equal(("a", 2L, registry.StoreId), (outcome.Deletion!.Name, outcome.Deletion.Version, outcome.Deletion.StoreId));
        Assert.Null(registry.Get("a"));
        Assert.Equal(2, registry.GetVersion("a"));
        Assert.Equal(["b"], registry.List().Select(s => s.Name));
    }

    [Fact]
    public void Delete_ExistingValue_CountDropsAndComesBackWithNextSet()
    {
        var registry = CreateRegistry();
        Set(registry, "a", "1");
        Set(registry, "b", "1");

        Delete(registry, "a");
        Assert.Equal(1, registry.Count);
        Set(registry, "a", "2");

        Assert.Equal(2, registry.Count);
    }

    [Fact]
    public void Delete_ExistingValue_HistoryKeepsSetsAndEndsWithDelete()
    {
        var registry = CreateRegistry();
        Set(registry, "a", "\"kept\"");

        var deletion = Delete(registry, "a").Deletion!;

        var history = registry.GetHistory("a", 10)!;
        Assert.Equal(1, history.OldestVersion);
        Assert.Equal([2L, 1L], history.Entries.Select(e => e.Version));
        var newest = history.Entries[0];
        Assert.True(newest.Deleted);
        Assert.Equal(JsonValueKind.Null, newest.Value.ValueKind);
        Assert.Equal(deletion.DeletedAt, newest.SetAt);
        Assert.Equal((SetSource.Http, "10.0.0.1"), (newest.Source, newest.Remote));
        Assert.False(history.Entries[1].Deleted);
        Assert.Equal("kept", history.Entries[1].Value.GetString());
    }

    [Fact]
    public void Delete_NeverSet_ReturnsNotFoundAndLeavesNoEntry()
    {
        var registry = CreateRegistry();

        var outcome = Delete(registry, "nope");

        Assert.Equal(SetOutcomeKind.NotFound, outcome.Kind);
        Assert.False(outcome.Succeeded);
        Assert.Null(outcome.Deletion);
        Assert.Contains("never been set", outcome.Detail, StringComparison.Ordinal);
        Assert.Equal(0, registry.TrackedCount);
        Assert.Null(registry.GetHistory("nope", 10));
    }

    [Fact]
    public void Delete_AlreadyDeleted_ReturnsNotFoundAndChangesNothing()
    {
        var registry = CreateRegistry();
        Set(registry, "a", "1");
        Delete(registry, "a");

        var outcome = Delete(registry, "a");

        Assert.Equal(SetOutcomeKind.NotFound, outcome.Kind);
        Assert.Contains("deleted at version 2", outcome.Detail, StringComparison.Ordinal);
        Assert.Equal(2, registry.GetVersion("a"));
        Assert.Equal(2, registry.GetHistory("a", 10)!.Entries.Count);
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("..")]
    public void Delete_InvalidName_RejectsAsInvalidName(string name)
    {
        var registry = CreateRegistry();

        var outcome = Delete(registry, name);

        Assert.Equal(SetOutcomeKind.InvalidName, outcome.Kind);
        Assert.False(string.IsNullOrEmpty(outcome.Detail));
    }

    [Fact]
    public void Delete_ExpectedVersionMismatch_ConflictsAndKeepsValue()
    {
        var registry = CreateRegistry();
        Set(registry, "a", "1");
        Set(registry, "a", "2");

        var outcome = Delete(registry, "a", expectedVersion: 1);

        Assert.Equal(SetOutcomeKind.Conflict, outcome.Kind);
        Assert.Null(outcome.Deletion);
        Assert.Equal(2, outcome.Snapshot!.Version);
        Assert.Contains("at version 2", outcome.Detail, StringComparison.Ordinal);
        Assert.Equal(2, registry.Get("a")!.Value.GetInt32());
        Assert.Equal(1, registry.Count);
    }

    [Theory]
    [InlineData(2L)]
    [InlineData(ValueRegistry.AnyExistingVersion)]
    public void Delete_ExpectedVersionMatches_Deletes(long expectedVersion)
    {
        var registry = CreateRegistry();
        Set(registry, "a", "1");
        Set(registry, "a", "2");

        var outcome = Delete(registry, "a", expectedVersion);

        Assert.Equal(SetOutcomeKind.Deleted, outcome.Kind);
        Assert.Equal(3, outcome.Deletion!.Version);
        Assert.Null(registry.Get("a"));
    }

    [Fact]
    public void Delete_ExpectedZeroButExists_Conflicts()
    {
        var registry = CreateRegistry();
        Set(registry, "a", "1");

        var outcome = Delete(registry, "a", expectedVersion: 0);

        Assert.Equal(SetOutcomeKind.Conflict, outcome.Kind);
        Assert.NotNull(registry.Get("a"));
    }

    [Fact]
    public void Set_AfterDelete_CreatesWithVersionAfterTheDelete()
    {
        var registry = CreateRegistry();
        Set(registry, "a", "1");
        Delete(registry, "a");

        var outcome = Set(registry, "a", "\"again\"");

        Assert.Equal(SetOutcomeKind.Created, outcome.Kind);
        Assert.Equal(3, outcome.Snapshot!.Version);
        Assert.Equal("again", registry.Get("a")!.Value.GetString());
        Assert.Equal([3L, 2L, 1L], registry.GetHistory("a", 10)!.Entries.Select(e => e.Version));
    }

    [Fact]
    public void Set_ExpectedZeroOnDeleted_Creates()
    {
        var registry = CreateRegistry();
        Set(registry, "a", "1");
        Delete(registry, "a");

        var outcome = Set(registry, "a", "2", expectedVersion: 0);

        Assert.Equal(SetOutcomeKind.Created, outcome.Kind);
        Assert.Equal(3, outcome.Snapshot!.Version);
    }

    [Fact]
    public void Set_AnyExistingVersionOnDeleted_ConflictsSayingDeleted()
    {
        var registry = CreateRegistry();
        Set(registry, "a", "1");
        Delete(registry, "a");

        var outcome = Set(registry, "a", "2", expectedVersion: ValueRegistry.AnyExistingVersion);

        Assert.Equal(SetOutcomeKind.Conflict, outcome.Kind);
        Assert.Null(outcome.Snapshot);
        Assert.Contains("deleted at version 2", outcome.Detail, StringComparison.Ordinal);
        Assert.Null(registry.Get("a"));
        Assert.Equal(2, registry.GetVersion("a"));
    }

    [Fact]
    public void Set_VersionBeforeDeleteExpected_ConflictsSayingDeleted()
    {
        var registry = CreateRegistry();
        Set(registry, "a", "1");
        Delete(registry, "a");

        var outcome = Set(registry, "a", "2", expectedVersion: 1);

        Assert.Equal(SetOutcomeKind.Conflict, outcome.Kind);
        Assert.Contains("deleted at version 2", outcome.Detail, StringComparison.Ordinal);
        Assert.Null(registry.Get("a"));
    }

    [Fact]
    public async Task Watch_ValueDeleted_SkipsDeleteAndReturnsNextSet()
    {
        var registry = CreateRegistry();
        Set(registry, "a", "1");
        using var watcher = registry.Watch("a");
        Assert.Equal(1, (await watcher.GetAsync()).Version);
        var next = watcher.GetAsync(new CancellationTokenSource(SafetyNet).Token).AsTask();

        Delete(registry, "a");
        Set(registry, "a", "\"back\"");

        var snapshot = await next;
        Assert.Equal(3, snapshot.Version);
        Assert.Equal("back", snapshot.Value.GetString());
    }

    [Fact]
    public async Task ReadLogAsync_Delete_IncludesDeleteRecord()
    {
        var registry = CreateRegistry();
        Set(registry, "a", "1");
        Delete(registry, "a");
        await using var log = OpenLog(registry, afterIndex: 0);

        Assert.True(await log.MoveNextAsync());
        Assert.False(log.Current.Entry.Deleted);
        Assert.True(await log.MoveNextAsync());

        var record = log.Current;
        Assert.Equal((2L, "a", 2L), (record.Index, record.Name, record.Entry.Version));
        Assert.True(record.Entry.Deleted);
        Assert.Equal(JsonValueKind.Null, record.Entry.Value.ValueKind);
        Assert.Equal((SetSource.Http, "10.0.0.1"), (record.Entry.Source, record.Entry.Remote));
    }

    [Fact]
    public async Task WatchNames_Delete_WakesWithLowerCount()
    {
        var registry = CreateRegistry();
        Set(registry, "a", "1");
        Set(registry, "b", "1");
        using var names = registry.WatchNames();
        Assert.Equal(2, await names.GetAsync());

        Delete(registry, "a");

        Assert.Equal(1, await names.GetAsync(GetOptions<int>.Backlog));
    }

    [Fact]
    public async Task WatchNames_DeleteAndCreateInOneCommit_Wakes()
    {
        // The count is the same before and after such a commit, but a name is new: SubscribeAll must still learn of it.
        var store = new GatedValueStore(new MemoryValueStore(historyLimit: 10));
        var registry = RegistryTestExtensions.OpenRegistry(new EventDashboardOptions(), store);
        Set(registry, "a", "1");
        using var names = registry.WatchNames();
        Assert.Equal(1, await names.GetAsync());
        var hold = store.HoldNextCommit();
        var update = registry.SetAsync("a", "2"u8, new SetOrigin(SetSource.Http)).AsTask();
        await hold.Entered.Within();

        var delete = registry.DeleteAsync("a", new SetOrigin(SetSource.Http));
        var create = registry.SetAsync("b", "1"u8, new SetOrigin(SetSource.Http)).AsTask();
        hold.Release();

        Assert.Equal(SetOutcomeKind.Updated, (await update.Within()).Kind);
        Assert.Equal(SetOutcomeKind.Deleted, (await delete.Within()).Kind);
        Assert.Equal(SetOutcomeKind.Created, (await create.Within()).Kind);
        Assert.Equal(1, await names.GetAsync(GetOptions<int>.Backlog));
        Assert.Equal(["b"], registry.List().Select(s => s.Name));
    }

    [Fact]
    public async Task OpenAsync_SqliteStoreWithDeletedValue_KeepsStoreIdAndContinuesVersions()
    {
        var folder = Path.Combine(Path.GetTempPath(), "eventdashboard-tests-" + Guid.NewGuid().ToString("N"));
        try
        {
            var options = new EventDashboardOptions();
            string storeId;
            await using (var first = RegistryTestExtensions.OpenRegistry(options, new SqliteValueStore(folder, options.HistoryLimit, NullLogger.Instance)))
            {
                storeId = first.StoreId;
                Set(first, "a", "1");
                Set(first, "b", "1");
                Delete(first, "a");
            }

            await using var second = RegistryTestExtensions.OpenRegistry(options, new SqliteValueStore(folder, options.HistoryLimit, NullLogger.Instance));

            Assert.Equal(storeId, second.StoreId);
            Assert.Null(second.Get("a"));
            Assert.Equal(2, second.GetVersion("a"));
            Assert.Equal(1, second.Count);
            Assert.True(second.GetHistory("a", 10)!.Entries[0].Deleted);
            Assert.Equal(SetOutcomeKind.Created, Set(second, "a", "3").Kind);
            Assert.Equal(3, second.Get("a")!.Version);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<List<long>> TakeIndexesAsync(IAsyncEnumerator<SetRecord> log, int count)
    {
        var indexes = new List<long>();
        while (indexes.Count < count && await log.MoveNextAsync())
        {
            indexes.Add(log.Current.Index);
        }

        return indexes;
    }

    private static string Nested(int depth) => new string('[', depth) + new string(']', depth);
}
