using System.Globalization;
using System.Text;
using EventDashboard.Core;
using EventDashboard.Core.Etcd;
using EventDashboard.Tests.Unit.TestSupport;
using EventDashboard.Tests.Unit.TestSupport.Etcd;
using EventDashboard.Web;
using EventDashboard.Web.Storage.Internal;
using EventDashboard.Web.Values;
using EventDashboard.Web.Values.Internal;
using Microsoft.Extensions.Logging.Abstractions;

namespace EventDashboard.Tests.Unit.Web.Storage;

/// <summary>Two servers (registries) on one etcd prefix: each mirrors the other's Sets, and etcd decides every compare.</summary>
[Collection(EtcdTests.Name)]
public sealed class EtcdTwoNodeTests(EtcdFixture fixture) : IAsyncLifetime
{
    private readonly string _prefix = EtcdFixture.NewPrefix();
    private ValueRegistry _a = null!;
    private ValueRegistry _b = null!;

    public Task InitializeAsync()
    {
        _a = Open();
        _b = Open();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _a.DisposeAsync();
        await _b.DisposeAsync();
    }

    [Fact]
    public async Task SetAsync_OnNodeA_ReachesWatcherOnNodeBInOrder()
    {
        using var watcher = _b.Watch("x");
        var seen = Task.Run(async () =>
        {
            var versions = new List<long>();
            while (versions.LastOrDefault() < 50)
            {
                versions.Add((await watcher.GetAsync().Within()).Version);
            }

            return versions;
        });

        for (var i = 1; i <= 50; i++)
        {
            Assert.Equal(i == 1 ? SetOutcomeKind.Created : SetOutcomeKind.Updated, (await SetAsync(_a, "x", i.ToString(CultureInfo.InvariantCulture))).Kind);
        }

        var versions = await seen.Within();
        Assert.Equal(versions.Order(), versions);
        Assert.Equal(versions.Distinct(), versions);
        Assert.Equal(50, _b.Get("x")!.Value.GetInt32());
        Assert.Equal(_a.StoreId, _b.StoreId);
    }

    [Fact]
    public async Task SetAsync_OnBothNodes_LogHasOneOrderWithoutGapsOnEach()
    {
        var writers = new[] { _a, _b }.Select((registry, n) => Task.Run(async () =>
        {
            for (var i = 0; i < 20; i++)
            {
                Assert.True((await SetAsync(registry, "shared", $"[{n},{i}]")).Succeeded);
            }
        }));
        await Task.WhenAll(writers).Within();

        var logA = await ReadLogAsync(_a, 40);
        var logB = await ReadLogAsync(_b, 40);

        Assert.Equal(Enumerable.Range(1, 40).Select(i => (long)i), logA.Select(r => r.Index));
        Assert.Equal(logA.Select(r => (r.Index, r.Entry.Version, r.Entry.Value.GetRawText())), logB.Select(r => (r.Index, r.Entry.Version, r.Entry.Value.GetRawText())));
        Assert.Equal(Enumerable.Range(1, 40).Select(v => (long)v), logA.Select(r => r.Entry.Version));
    }

    [Fact]
    public async Task CompareAndSet_SameExpectedVersionOnTwoNodes_ExactlyOneWins()
    {
        for (var round = 0; round < 10; round++)
        {
            var name = "race" + round;
            var outcomes = await Task.WhenAll(
                Task.Run(() => SetAsync(_a, name, "\"a\"", expected: 0)),
                Task.Run(() => SetAsync(_b, name, "\"b\"", expected: 0)));

            Assert.Single(outcomes, o => o.Kind == SetOutcomeKind.Created);
            var conflict = Assert.Single(outcomes, o => o.Kind == SetOutcomeKind.Conflict);
            Assert.Equal(1, conflict.Snapshot!.Version);
        }
    }

    [Fact]
    public async Task DeleteAsync_OnNodeB_IsSeenOnBothNodes()
    {
        using var onA = _a.WatchStates("gone", WatcherKind.Server);
        await SetAsync(_a, "gone", "1");
        await WaitForVersionAsync(_b, "gone", 1);

        var deleted = await _b.DeleteAsync("gone", new SetOrigin(SetSource.Http));

        Assert.Equal(SetOutcomeKind.Deleted, deleted.Kind);
        Assert.Null(_b.Get("gone"));
        ValueState state;
        do
        {
            state = await onA.GetStateAsync(GetOptions<ValueState>.Default, CancellationToken.None).Within();
        }
        while (!state.Deleted);

        Assert.Equal(2, state.Version);
        Assert.Null(_a.Get("gone"));
    }

    private ValueRegistry Open() => RegistryTestExtensions.OpenRegistry(
        new EventDashboardOptions { HistoryLimit = 100, LogCapacity = 16, MaxValueBytes = 64 * 1024 },
        new EtcdValueStore(new EtcdConnection(fixture.Endpoints), _prefix, 100, NullLogger<EtcdValueStore>.Instance));

    private static Task<SetOutcome> SetAsync(ValueRegistry registry, string name, string json, long? expected = null) =>
        registry.SetAsync(name, Encoding.UTF8.GetBytes(json), new SetOrigin(SetSource.Http), expected).AsTask();

    private static async Task<List<SetRecord>> ReadLogAsync(ValueRegistry registry, int count)
    {
        using var cts = new CancellationTokenSource(TestTimeouts.Safety);
        var records = new List<SetRecord>();
        await foreach (var record in registry.ReadLogAsync(0, cts.Token))
        {
            records.Add(record);
            if (records.Count == count)
            {
                break;
            }
        }

        return records;
    }

    private static async Task WaitForVersionAsync(ValueRegistry registry, string name, long version)
    {
        using var watcher = registry.Watch(name);
        while ((await watcher.GetAsync().Within()).Version < version)
        {
        }
    }
}
