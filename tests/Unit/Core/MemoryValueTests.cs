using System.Runtime.CompilerServices;
using EventDashboard.Core;
using EventDashboard.Tests.Unit.TestSupport;

namespace EventDashboard.Tests.Unit.Core;

public sealed class MemoryValueTests
{
    [Fact]
    public void Version_CountsSets_StartingAtZero()
    {
        var value = new MemoryValue<string>();
        Assert.Equal(0, value.Version);
        Assert.False(value.TryGetValue(out _));

        value.Set("a");
        value.Set("a");

        Assert.Equal(2, value.Version);
        Assert.True(value.TryGetValue(out var current));
        Assert.Equal("a", current);
    }

    [Fact]
    public void WatcherCount_WatchAndDispose_TracksLiveWatchers()
    {
        var value = new MemoryValue<int>();
        var first = value.Watch();
        var second = value.Watch();
        Assert.Equal(2, value.WatcherCount);

        first.Dispose();
        first.Dispose();

        Assert.Equal(1, value.WatcherCount);
        second.Dispose();
        Assert.Equal(0, value.WatcherCount);
    }

    [Fact]
    public void Set_NoWaitingWatchers_AllocatesNothing()
    {
        var value = new MemoryValue<int>();
        var idle = Enumerable.Range(0, 100).Select(_ => value.Watch()).ToList();
        value.Set(0);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10_000; i++)
        {
            value.Set(i);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        GC.KeepAlive(idle);
    }

    [Fact]
    public void Watch_Idle_AllocatesAtMost64BytesPerWatcher()
    {
        const int count = 1_000;
        var value = new MemoryValue<int>();
        value.Watch().Dispose();
        var watchers = new IWatcher<int>[count];

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < count; i++)
        {
            watchers[i] = value.Watch();
        }

        var perWatcher = (GC.GetAllocatedBytesForCurrentThread() - before) / (double)count;
        Assert.InRange(perWatcher, 1, 64);
        Array.ForEach(watchers, w => w.Dispose());
    }

    [Fact]
    public async Task GetAsync_ParkedAgainAndAgain_AllocatesOnlyForTheFirstPark()
    {
        var value = new MemoryValue<int>();
        using var watcher = value.Watch();
        await ParkAndSetAsync(watcher, value, 1);

        // Counted rather than asserted in the loop: the assertions themselves allocate.
        var before = GC.GetAllocatedBytesForCurrentThread();
        var delivered = 0;
        for (var i = 2; i <= 1_000; i++)
        {
            if (await ParkAndSetAsync(watcher, value, i))
            {
                delivered++;
            }
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(999, delivered);
        Assert.Equal(0, allocated);

        // True when the Get parked and returned exactly the value the Set made.
        static async ValueTask<bool> ParkAndSetAsync(IWatcher<int> watcher, MemoryValue<int> value, int next)
        {
            var get = watcher.GetAsync();
            var parked = !get.IsCompleted;
            value.Set(next);
            var completedBySet = get.IsCompletedSuccessfully;
            return parked && completedBySet && await get == next;
        }
    }

    [Fact]
    public async Task GetAsync_ValueAlreadyNewer_CompletesSynchronously()
    {
        var value = new MemoryValue<int>();
        value.Set(1);
        using var watcher = value.Watch();

        var get = watcher.GetAsync();

        Assert.True(get.IsCompletedSuccessfully);
        Assert.Equal(1, await get);
    }

    [Fact]
    public async Task GetAsync_MoreParkedWaitsThanAShortCanCount_KeepsDelivering()
    {
        // A watcher reuses one completion source whose token is a short; it must survive wrapping around.
        const int rounds = 70_000;
        var value = new MemoryValue<int>();
        value.Set(0);
        using var watcher = value.Watch();
        Assert.Equal(0, await watcher.GetAsync().Within());

        for (var i = 1; i <= rounds; i++)
        {
            var get = watcher.GetAsync();
            Assert.False(get.IsCompleted);
            value.Set(i);
            Assert.Equal(i, await get);
        }

        Assert.Equal(0, value.ParkedCount);
    }

    [Fact]
    public async Task Watch_CreatedAndDisposedTenThousandTimesWithoutSets_LeavesNothingBehind()
    {
        var value = new MemoryValue<int>();
        for (var i = 0; i < 10_000; i++)
        {
            using var watcher = value.Watch();
            var pending = watcher.GetAsync().AsTask();
            watcher.Dispose();
            await Assert.ThrowsAsync<ObjectDisposedException>(() => pending);
        }

        Assert.Equal(0, value.WatcherCount);
        Assert.Equal(0, value.ParkedCount);
    }

    [Fact]
    public async Task GetAsync_CancelledManyTimes_DoesNotKeepWatcherParked()
    {
        var value = new MemoryValue<int>();
        using var watcher = value.Watch();
        for (var i = 0; i < 1_000; i++)
        {
            using var cts = new CancellationTokenSource();
            var get = watcher.GetAsync(cts.Token).AsTask();
            await cts.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => get.Within());
        }

        Assert.Equal(0, value.ParkedCount);
        value.Set(1);
        Assert.Equal(1, await watcher.GetAsync().Within());
    }

    [Fact]
    public void Watch_DroppedWithoutDispose_IsCollectedAndUncounted()
    {
        var value = new MemoryValue<int>();
        var references = WatchAndDrop(value, 10_000);

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        Assert.Equal(0, value.WatcherCount);
        Assert.DoesNotContain(references, r => r.IsAlive);
    }

    [Fact]
    public async Task SetAsync_SyncWithoutWatchers_CompletesAtOnce()
    {
        var value = new MemoryValue<int>(new MemoryValueOptions { Sync = true });

        var set = value.SetAsync(1);
        value.Set(2);

        Assert.True(set.IsCompleted);
        await set;
        Assert.Equal(2, value.Version);
    }

    [Fact]
    public async Task SetAsync_SyncWithWatcher_CompletesOnlyWhenWatcherReceivedIt()
    {
        var value = new MemoryValue<int>(new MemoryValueOptions { Sync = true });
        using var watcher = value.Watch();

        var set = value.SetAsync(1).AsTask();
        Assert.False(set.IsCompleted);

        Assert.Equal(1, await watcher.GetAsync().Within());
        await set.Within();
    }

    [Fact]
    public async Task SetAsync_SyncWatcherDisposed_Completes()
    {
        var value = new MemoryValue<int>(new MemoryValueOptions { Sync = true });
        var watcher = value.Watch();

        var set = value.SetAsync(1).AsTask();
        Assert.False(set.IsCompleted);
        watcher.Dispose();

        await set.Within();
    }

    [Fact]
    public async Task SetAsync_SyncWatcherCreatedAfterSet_DoesNotHoldOrReleaseIt()
    {
        var value = new MemoryValue<int>(new MemoryValueOptions { Sync = true });
        using var early = value.Watch();
        var set = value.SetAsync(1).AsTask();

        using var late = value.Watch();
        Assert.Equal(1, await late.GetAsync().Within());
        Assert.False(set.IsCompleted);

        Assert.Equal(1, await early.GetAsync().Within());
        await set.Within();
    }

    [Fact]
    public async Task SetAsync_SyncWatcherDroppedWithoutDispose_IsReleasedByCollection()
    {
        var value = new MemoryValue<int>(new MemoryValueOptions { Sync = true });
        WatchAndDrop(value, 1);

        var set = value.SetAsync(1).AsTask();
        GC.Collect();
        GC.WaitForPendingFinalizers();

        await set.Within();
    }

    [Fact]
    public async Task SetAsync_Sync_EveryWatcherSeesEveryValueInOrder()
    {
        const int count = 500;
        var value = new MemoryValue<int>(new MemoryValueOptions { Sync = true });
        var watchers = Enumerable.Range(0, 3).Select(_ => value.Watch()).ToList();
        var readers = watchers.Select(w => Task.Run(async () =>
        {
            var seen = new List<int>();
            while (seen.Count < count)
            {
                seen.Add(await w.GetAsync().Within());
            }

            return seen;
        })).ToList();

        for (var i = 1; i <= count; i++)
        {
            await value.SetAsync(i).Within();
        }

        foreach (var seen in await Task.WhenAll(readers).Within())
        {
            Assert.Equal(Enumerable.Range(1, count), seen);
        }

        watchers.ForEach(w => w.Dispose());
    }

    [Fact]
    public async Task Set_SyncWithWatcher_BlocksUntilReceived()
    {
        var value = new MemoryValue<int>(new MemoryValueOptions { Sync = true });
        using var watcher = value.Watch();

        var set = Task.Run(() => value.Set(1));
        Assert.Equal(1, await watcher.GetAsync().Within());

        await set.Within();
        Assert.Equal(1, value.Version);
    }

    [Fact]
    public async Task SetAsync_SyncCancelledWhileWaiting_KeepsValueAndNextSetWaitsForDelivery()
    {
        var value = new MemoryValue<int>(new MemoryValueOptions { Sync = true });
        using var watcher = value.Watch();
        using var cts = new CancellationTokenSource();

        var first = value.SetAsync(1, cts.Token).AsTask();
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first.Within());
        var second = value.SetAsync(2).AsTask();

        Assert.Equal(1, await watcher.GetAsync().Within());
        Assert.Equal(2, await watcher.GetAsync().Within());
        await second.Within();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static List<WeakReference> WatchAndDrop(MemoryValue<int> value, int count)
    {
        var references = new List<WeakReference>(count);
        for (var i = 0; i < count; i++)
        {
            references.Add(new WeakReference(value.Watch()));
        }

        return references;
    }
}
