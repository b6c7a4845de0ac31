using System.Text;
using Etcdserverpb;
using EventDashboard.Core.Etcd;
using EventDashboard.Core.Etcd.Internal;
using EventDashboard.Tests.Unit.TestSupport;
using EventDashboard.Tests.Unit.TestSupport.Etcd;
using Google.Protobuf;
using Google.Protobuf.Collections;
using Mvccpb;

namespace EventDashboard.Tests.Unit.Core.Etcd.Internal;

[Collection(EtcdTests.Name)]
public sealed class WatchFeedTests(EtcdFixture fixture) : IDisposable
{
    private readonly EtcdConnection _connection = new(fixture.Endpoints);

    public void Dispose() => _connection.Dispose();

    [Fact]
    public async Task RunAsync_FromCompactedRevision_ReadsSnapshotThenFollows()
    {
        var prefix = ByteString.CopyFromUtf8(EtcdFixture.NewPrefix());
        await PutAsync(prefix, "a", "1");
        await PutAsync(prefix, "a", "2");
        var last = await PutAsync(prefix, "b", "3");
        await _connection.Kv.CompactAsync(new CompactionRequest { Revision = last }, deadline: _connection.Deadline());

        // A target that was last synced before the compaction: the watch from its revision cannot be served.
        var target = new RecordingTarget(_connection, prefix, revision: 1);
        using var stop = new CancellationTokenSource();
        var feed = new WatchFeed(_connection, prefix, WatchFeed.PrefixEnd(prefix), target).RunAsync(stop.Token);
        var snapshot = await target.Snapshot.Task.Within();
        var next = await PutAsync(prefix, "c", "4");
        await target.WaitForAsync(next).Within();
        await stop.CancelAsync();
        await feed.Within();

        Assert.Equal(["a=2", "b=3"], snapshot);
        Assert.Equal(["c=4"], target.Events);
    }

    [Fact]
    public async Task RunAsync_ManyPuts_AppliesEveryEventOnceInRevisionOrder()
    {
        var prefix = ByteString.CopyFromUtf8(EtcdFixture.NewPrefix());
        var target = new RecordingTarget(_connection, prefix, revision: 0);
        using var stop = new CancellationTokenSource();
        var feed = new WatchFeed(_connection, prefix, WatchFeed.PrefixEnd(prefix), target).RunAsync(stop.Token);
        await target.Snapshot.Task.Within();

        long lastRevision = 0;
        for (var i = 0; i < 50; i++)
        {
            lastRevision = await PutAsync(prefix, "k" + (i % 3), i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        await target.WaitForAsync(lastRevision).Within();
        await stop.CancelAsync();
        await feed.Within();

        Assert.Equal(Enumerable.Range(0, 50).Select(i => $"k{i % 3}={i}"), target.Events);
        Assert.Equal(target.Revisions.Order(), target.Revisions);
    }

    [Fact]
    public void PrefixEnd_Prefix_IsTheNextKeyAfterEveryKeyWithIt()
    {
        Assert.Equal("a0", WatchFeed.PrefixEnd(ByteString.CopyFromUtf8("a/")).ToStringUtf8());
        Assert.Equal(new byte[] { 0x62 }, WatchFeed.PrefixEnd(ByteString.CopyFrom(0x61, 0xff)).ToByteArray());
        Assert.Equal(new byte[] { 0 }, WatchFeed.PrefixEnd(ByteString.CopyFrom(0xff)).ToByteArray());
    }

    private async Task<long> PutAsync(ByteString prefix, string key, string value)
    {
        var put = await _connection.Kv.PutAsync(
            new PutRequest { Key = ByteString.CopyFrom([.. prefix.ToByteArray(), .. Encoding.UTF8.GetBytes(key)]), Value = ByteString.CopyFromUtf8(value) },
            deadline: _connection.Deadline());
        return put.Header.Revision;
    }

    private sealed class RecordingTarget(EtcdConnection connection, ByteString prefix, long revision) : IWatchTarget
    {
        private readonly RevisionGate _gate = new();
        private readonly int _prefixLength = EtcdFixture.NewPrefix().Length;

        public long Revision { get; private set; } = revision;

        public TaskCompletionSource<List<string>> Snapshot { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public List<string> Events { get; } = [];

        public List<long> Revisions { get; } = [];

        public Task WaitForAsync(long r) => _gate.WaitAsync(r, CancellationToken.None);

        public async Task ResyncAsync(CancellationToken cancellationToken)
        {
            var response = await connection.Kv.RangeAsync(
                new RangeRequest { Key = prefix, RangeEnd = WatchFeed.PrefixEnd(prefix) },
                deadline: connection.Deadline(),
                cancellationToken: cancellationToken);
            Snapshot.TrySetResult([.. response.Kvs.Select(Describe)]);
            Advance(response.Header.Revision);
        }

        public void ApplyEvents(RepeatedField<Event> events)
        {
            foreach (var e in events)
            {
                Events.Add(Describe(e.Kv));
                Revisions.Add(e.Kv.ModRevision);
                Advance(e.Kv.ModRevision);
            }
        }

        public void ApplyProgress(long revision) => Advance(revision);

        public void SetConnected(bool connected, Exception? error)
        {
        }

        private void Advance(long r)
        {
            Revision = Math.Max(Revision, r);
            _gate.Advance(r);
        }

        private string Describe(KeyValue kv) => kv.Key.ToStringUtf8()[_prefixLength..] + "=" + kv.Value.ToStringUtf8();
    }
}
