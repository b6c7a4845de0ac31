using System.Runtime.CompilerServices;
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

        // As Consul's snapshot does: the reader's start is the snapshot's head taken before anything is appended.
        var snapshot = new EventBuffer<string>();
        var item = snapshot.Head;
        snapshot.Append(["snapshot"]);
        snapshot.AppendItem(live.Head.FollowAfter());
        live.Append(["new-1"]);
        live.Append(["new-2"]);

        var seen = new List<string>();
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
        var follow = live.Head.FollowAfter();
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
        var head = buffer.Head;
        buffer.Append([1]);

        Assert.Same(head.NextNoBlock(), head.FollowAfter());
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
    public async Task Head_AfterAppends_IsNewestItemAndReaderSeesOnlyLaterAppends()
    {
        var buffer = new EventBuffer<int>();
        buffer.Append([1]);
        buffer.Append([2]);

        var head = buffer.Head;
        var next = head.NextAsync().AsTask();
        buffer.Append([3]);

        Assert.Equal([2], head.Events!);
        Assert.Equal([3], (await next.Within()).Events!);
    }

    [Fact]
    public void Oldest_WithoutRetention_IsHeadAndCountIsZero()
    {
        var buffer = new EventBuffer<int>();
        Assert.Same(buffer.Head, buffer.Oldest);

        buffer.Append([1]);
        buffer.Append([2]);

        Assert.Same(buffer.Head, buffer.Oldest);
        Assert.Equal(0, buffer.Count);
    }

    [Fact]
    public void Append_WithoutRetentionAndReaders_OlderItemsAreCollected()
    {
        var buffer = new EventBuffer<int>();
        var early = AppendAndTrack(buffer, 100);
        for (var i = 0; i < 10; i++)
        {
            buffer.Append([i]);
        }

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        Assert.DoesNotContain(early, r => r.IsAlive);
        GC.KeepAlive(buffer);
    }

    [Fact]
    public void Append_ReaderHoldsEarlyItem_ItemsAfterItStayReachable()
    {
        var buffer = new EventBuffer<int>();
        var reader = buffer.Head;
        var early = AppendAndTrack(buffer, 100);
        buffer.Append([-1]);

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        Assert.All(early, r => Assert.True(r.IsAlive));
        GC.KeepAlive(reader);
    }

    [Fact]
    public async Task Oldest_WithRetention_YieldsOldestRetainedBatchFirst()
    {
        var buffer = new EventBuffer<int>(retainedItems: 2);
        var empty = buffer.Oldest;
        Assert.Null(empty.Events);
        Assert.Equal(0, buffer.Count);

        buffer.Append([1]);
        Assert.Same(empty, buffer.Oldest);
        Assert.Equal(1, buffer.Count);

        buffer.Append([2]);
        buffer.Append([3]);

        Assert.Equal([2], (await buffer.Oldest.NextAsync().Within()).Events!);
        Assert.Equal([3], buffer.Head.Events!);
        Assert.Equal(2, buffer.Count);
    }

    [Fact]
    public void Append_BeyondRetainedItems_AdvancesOldestAndKeepsCount()
    {
        var buffer = new EventBuffer<int>(retainedItems: 3);
        for (var i = 0; i < 10; i++)
        {
            buffer.Append([i]);
        }

        Assert.Equal(3, buffer.Count);
        Assert.Equal([7, 8, 9], Retained(buffer));
    }

    [Fact]
    public void Append_BeyondRetainedItems_EvictedItemsAreCollectedAndRetainedOnesKept()
    {
        var buffer = new EventBuffer<int>(retainedItems: 5);
        var evicted = AppendAndTrack(buffer, 20);
        buffer.Append([-1]); // Oldest: the item before the window holds its own batch.
        var retained = AppendAndTrack(buffer, 5);

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        Assert.DoesNotContain(evicted, r => r.IsAlive);
        Assert.All(retained, r => Assert.True(r.IsAlive));
        GC.KeepAlive(buffer);
    }

    [Fact]
    public void Append_OverRetainedSize_EvictsOldestUntilUnderItAndKeepsTheNewest()
    {
        // Each event weighs its own value; the window may weigh 10.
        var buffer = new EventBuffer<int>(retainedItems: 100, retainedSize: 10, sizeOf: events => events.Sum());
        foreach (var weight in new[] { 3, 3, 3, 4 })
        {
            buffer.Append([weight]);
        }

        Assert.Equal([3, 3, 4], Retained(buffer));

        // One item heavier than the whole budget stays alone: the newest is always retained.
        buffer.Append([50]);
        Assert.Equal([50], Retained(buffer));
        Assert.Equal(1, buffer.Count);

        buffer.Append([1]);
        Assert.Equal([1], Retained(buffer));
        buffer.Append([2]);
        Assert.Equal([1, 2], Retained(buffer));
    }

    [Fact]
    public void Append_UnderRetainedSize_ItemCountStillBounds()
    {
        var buffer = new EventBuffer<int>(retainedItems: 2, retainedSize: 1000, sizeOf: events => events.Count);
        for (var i = 0; i < 5; i++)
        {
            buffer.Append([i]);
        }

        Assert.Equal([3, 4], Retained(buffer));
    }

    [Fact]
    public void Constructor_RetainedSizeBelowOne_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new EventBuffer<int>(1, retainedSize: 0, sizeOf: e => e.Count));
    }

    [Fact]
    public void Constructor_RetainedItemsBelowOne_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new EventBuffer<int>(retainedItems: 0));
    }

    private static List<int> Retained(EventBuffer<int> buffer)
    {
        var kept = new List<int>();
        for (var item = buffer.Oldest.NextNoBlock(); item is not null; item = item.NextNoBlock())
        {
            kept.AddRange(item.Events!);
        }

        return kept;
    }

    // Not inlined, so that no local of the caller keeps an appended batch reachable.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static List<WeakReference> AppendAndTrack(EventBuffer<int> buffer, int count)
    {
        var references = new List<WeakReference>(count);
        for (var i = 0; i < count; i++)
        {
            int[] events = [i];
            references.Add(new WeakReference(events));
            buffer.Append(events);
        }

        return references;
    }
}
