using System.Text;
using System.Threading.Channels;
using EventDashboard.Core.Etcd;
using EventDashboard.Tests.Unit.TestSupport;
using EventDashboard.Tests.Unit.TestSupport.Etcd;
using EventDashboard.Web;
using EventDashboard.Web.Auth;
using EventDashboard.Web.Storage;
using EventDashboard.Web.Storage.Internal;
using EventDashboard.Web.Values;
using Google.Protobuf;
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

    [Fact]
    public async Task FollowKeys_KeyAddedThenRemovedByAnotherServer_HandsEachChangeInOrder()
    {
        var followed = OpenStore(100);
        await using var registry = RegistryTestExtensions.OpenRegistry(new EventDashboardOptions(), followed);
        var handed = Channel.CreateUnbounded<string[]>();
        ((ISharedValueStore)followed).FollowKeys(keys => handed.Writer.TryWrite([.. keys.Select(k => k.Name)]));
        await using var other = await OpenKeyStoreAsync();

        // The first hand is the list as the follower found it; the key is added only after it, so that it is a
        // change the watch hands, not part of that first list.
        Assert.Empty(await handed.Reader.ReadAsync().AsTask().Within());
        await other.AddKeyAsync(NewKey("ci", AccessRole.Operator, []), CancellationToken.None);
        await other.RemoveKeyAsync("ci", CancellationToken.None);

        Assert.Equal(["ci"], await handed.Reader.ReadAsync().AsTask().Within());
        Assert.Empty(await handed.Reader.ReadAsync().AsTask().Within());
    }

    [Fact]
    public async Task AddKeyAsync_Followed_HandsTheKeyBeforeReturning()
    {
        var store = OpenStore(100);
        await using var registry = RegistryTestExtensions.OpenRegistry(new EventDashboardOptions(), store);
        string[] last = [];
        ((ISharedValueStore)store).FollowKeys(keys => Volatile.Write(ref last, [.. keys.Select(k => k.Name)]));

        await store.AddKeyAsync(NewKey("ci", AccessRole.Operator, []), CancellationToken.None);
        Assert.Equal(["ci"], Volatile.Read(ref last));
        await store.RemoveKeyAsync("ci", CancellationToken.None);
        Assert.Empty(Volatile.Read(ref last));
    }

    [Fact]
    public async Task AddKeyAsync_Always_KeepsOneEtcdKeyUnderThePrefixWithTheHash()
    {
        await using var store = await OpenKeyStoreAsync();
        var key = NewKey("ci", AccessRole.Operator, []);

        await store.AddKeyAsync(key, CancellationToken.None);

        using var etcd = new EtcdConnection(fixture.Endpoints);
        var all = await etcd.Kv.RangeAsync(new Etcdserverpb.RangeRequest { Key = ByteString.CopyFromUtf8(_prefix + "keys/"), RangeEnd = ByteString.CopyFromUtf8(_prefix + "keys0") }, deadline: etcd.Deadline());
        var kv = Assert.Single(all.Kvs);
        Assert.Equal(_prefix + "keys/ci", kv.Key.ToStringUtf8());
        Assert.Contains(Convert.ToHexStringLower(key.SecretSha256), kv.Value.ToStringUtf8(), StringComparison.Ordinal);
    }

    private static Task<SetOutcome> SetAsync(ValueRegistry registry, string name, string json) =>
        registry.SetAsync(name, Encoding.UTF8.GetBytes(json), new SetOrigin(SetSource.Http)).AsTask();
}
