using EventDashboard.Core;
using EventDashboard.Tests.Unit.TestSupport;

namespace EventDashboard.Tests.Unit.Core;

public sealed class EventBufferTests
{
    [Fact]
    public async Task NextAsync_ThousandReadersFromOneHead_EachSeesEveryEventInOrder()
    {
        const int readers = 1_000;
        const int events = 1_000;
        var buffer = new EventBuffer<int>();
        var head = buffer.Head;

        var reading = Enumerable.Range(0, readers).Select(_ => Task.Run(async () =>
        {
            var seen = new List<int>(events);
            var item = head;
            while (seen.Count < events)
            {
                item = await item.NextAsync();
                seen.AddRange(item.Events!);
            }

            return seen;
        })).ToList();

        var random = new Random(42);
        for (var i = 0; i < events; i++)
        {
            buffer.Append([i]);
            if (random.Next(10) == 0)
            {
                // A pause that lets readers catch up and park, without sleeping.
                await Task.Yield();
            }
        }

        foreach (var seen in await Task.WhenAll(reading).Within())
        {
            Assert.Equal(Enumerable.Range(0, events), seen);
        }
    }

    [Fact]
    public async Task AppendItem_SnapshotSplicedOntoLiveBuffer_YieldsSnapshotThenOnlyLaterEvents()
    {
        var live = new EventBuffer<string>();
        live.Append(["old-1"]);
        live.Append(["old-2"]);

        var snapshot = new EventBuffer<string>();
        snapshot.Append(["snapshot"]);
        snapshot.AppendItem(live.Tail.FollowAfter());
        live.Append(["new-1"]);
        live.Append(["new-2"]);

        var seen = new List<string>();
        var item = snapshot.Head;
        while (seen.Count < 3)
        {
            item = await item.NextAsync().Within();
            seen.AddRange(item.Events!);
        }

        Assert.Equal(["snapshot", "new-1", "new-2"], seen);
        Assert.Null(item.NextNoBlock());
    }

    [Fact]
    public async Task NextAsync_ReaderWaitingWhenSpliced_ContinuesIntoLiveEvents()
    {
        var live = new EventBuffer<int>();
        live.Append([1]);
        var follow = live.Tail.FollowAfter();
        var snapshot = new EventBuffer<int>();
        var reader = snapshot.Head.NextAsync().AsTask();

        snapshot.AppendItem(follow);
        Assert.False(reader.IsCompleted);
        live.Append([2]);

        Assert.Equal([2], (await reader.Within()).Events!);
    }

    [Fact]
    public void FollowAfter_NextAlreadyAppended_ReturnsIt()
    {
        var buffer = new EventBuffer<int>();
        var tail = buffer.Tail;
        buffer.Append([1]);

        Assert.Same(tail.NextNoBlock(), tail.FollowAfter());
    }

    [Fact]
    public async Task NextAsync_EmptyItems_AreSkipped()
    {
        var buffer = new EventBuffer<int>();
        var head = buffer.Head;
        buffer.AppendItem(new BufferItem<int>(null));
        buffer.Append([]);
        buffer.Append([3]);

        var item = await head.NextAsync().Within();

        Assert.Equal([3], item.Events!);
    }

    [Fact]
    public async Task AppendError_ReadersReachingIt_ReceiveTheErrorAndNothingFollows()
    {
        var buffer = new EventBuffer<int>();
        var head = buffer.Head;
        buffer.Append([1]);
        var failure = new InvalidOperationException("source lost");
        buffer.AppendError(failure);

        var first = await head.NextAsync().Within();
        var thrown = await Assert.ThrowsAsync<InvalidOperationException>(() => first.NextAsync().Within());
        Assert.Same(failure, thrown);
        Assert.Throws<InvalidOperationException>(() => buffer.Append([2]));
    }

    [Fact]
    public async Task NextAsync_Cancelled_Throws()
    {
        var buffer = new EventBuffer<int>();
        using var cts = new CancellationTokenSource();

        var next = buffer.Head.NextAsync(cts.Token).AsTask();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => next.Within());
    }

    [Fact]
    public void Append_BeyondCapacity_AdvancesHeadAndKeepsCount()
    {
        var buffer = new EventBuffer<int>(capacity: 3);
        for (var i = 0; i < 10; i++)
        {
            buffer.Append([i]);
        }

        Assert.Equal(3, buffer.Count);
        var kept = new List<int>();
        for (var item = buffer.Head.NextNoBlock(); item is not null; item = item.NextNoBlock())
        {
            kept.AddRange(item.Events!);
        }

        Assert.Equal([7, 8, 9], kept);
    }

    [Fact]
    public void Constructor_CapacityBelowOne_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new EventBuffer<int>(0));
    }
}
