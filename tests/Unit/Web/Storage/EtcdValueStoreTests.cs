using System.Text;
using EventDashboard.Core.Etcd;
using EventDashboard.Tests.Unit.TestSupport;
using EventDashboard.Tests.Unit.TestSupport.Etcd;
using EventDashboard.Web;
using EventDashboard.Web.Storage;
using EventDashboard.Web.Storage.Internal;
using EventDashboard.Web.Values;
using Microsoft.Extensions.Logging.Abstractions;

namespace EventDashboard.Tests.Unit.Web.Storage;

/// <summary>The store conformance suite on a real etcd, and what only the etcd store does.</summary>
[Collection(EtcdTests.Name)]
public sealed class EtcdValueStoreTests(EtcdFixture fixture) : StoreConformanceTests
{
    // One prefix per test: a store opened on it again is a restarted server on the same cluster.
    private readonly string _prefix = EtcdFixture.NewPrefix();

    private protected override IValueStore OpenStore(int historyLimit) =>
        new EtcdValueStore(new EtcdConnection(fixture.Endpoints), _prefix, historyLimit, NullLogger<EtcdValueStore>.Instance);

    [Fact]
    public async Task SetAsync_ValuesTogetherLargerThanOneRequest_CommitInSeveralGroups()
    {
        var registry = Open();
        var big = "\"" + new string('x', 60 * 1024 - 2) + "\"";

        // Each value is under MaxValueBytes (64 KiB here), but 40 of them are more than etcd's 1.5 MiB request.
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => SetAsync(registry, "big" + i, big)));

        Assert.All(outcomes, o => Assert.Equal(SetOutcomeKind.Created, o.Kind));
        Assert.Equal(40, (await ReopenAsync(registry)).Count);
    }

    [Fact]
    public async Task History_ValuesNearTheRequestLimit_ReadBackWhole()
    {
        var options = new EventDashboardOptions { HistoryLimit = 10, MaxValueBytes = EtcdValueStore.MaxValueBytes };
        await using var registry = RegistryTestExtensions.OpenRegistry(options, OpenStore(10));
        var big = "\"" + new string('x', EtcdValueStore.MaxValueBytes - 2) + "\"";

        for (var i = 0; i < 5; i++)
        {
            Assert.True((await SetAsync(registry, "big", big)).Succeeded);
        }

        await using var store = OpenStore(10);
        var history = (await registry.GetHistoryAsync("big", 10))!;
        var log = await store.ReadLogAsync(0, 10, CancellationToken.None);

        Assert.Equal(5, history.Entries.Count);
        Assert.All(history.Entries, e => Assert.Equal(EtcdValueStore.MaxValueBytes - 2, e.Value.GetString()!.Length));
        Assert.Equal(5, log.Count);
    }

    [Fact]
    public async Task OpenAsync_EtcdUnreachable_ThrowsStoreOpenExceptionNamingTheSetting()
    {
        var store = new EtcdValueStore(
            new EtcdConnection("http://127.0.0.1:" + LoopbackPorts.Next(), new EtcdConnectionOptions { RequestTimeout = TimeSpan.FromSeconds(1) }),
            _prefix,
            10,
            NullLogger<EtcdValueStore>.Instance);
        await using var _ = store;

        var error = await Assert.ThrowsAsync<StoreOpenException>(() => store.OpenAsync(CancellationToken.None).Within());

        Assert.Contains("EventDashboard:Storage:Etcd:Endpoints", error.Message, StringComparison.Ordinal);
    }

    private static Task<SetOutcome> SetAsync(ValueRegistry registry, string name, string json) =>
        registry.SetAsync(name, Encoding.UTF8.GetBytes(json), new SetOrigin(SetSource.Http)).AsTask();
}
