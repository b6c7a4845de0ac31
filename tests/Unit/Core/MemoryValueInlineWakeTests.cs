using EventDashboard.Core;
using EventDashboard.Tests.Unit.TestSupport;

namespace EventDashboard.Tests.Unit.Core;

/// <summary>
/// <see cref="MemoryValue{T}.SetWakingOneInline"/>: one parked Get is handed to the Set's caller, who runs its
/// continuation on its own thread with <see cref="MemoryValue{T}.InlineWake.Run"/>.
/// </summary>
public sealed class MemoryValueInlineWakeTests
{
    [Fact]
    public async Task SetWakingOneInline_ParkedGet_CompletesOnlyInRunOnTheCallersThread()
    {
        var value = new MemoryValue<int>();
        using var watcher = value.Watch();
        var get = watcher.GetAsync();
        var resumed = ResumeAsync(get);

        var wake = value.SetWakingOneInline(1);

        Assert.False(get.IsCompleted);
        Assert.False(resumed.IsCompleted);
        wake.Run();

        // The continuation ran inside Run, on this thread: the awaiting method finished before Run returned.
        Assert.True(resumed.IsCompleted);
        Assert.Equal((1, Environment.CurrentManagedThreadId), await resumed.Within());
        Assert.Equal(0, value.ParkedCount);
    }

    [Fact]
    public async Task SetWakingOneInline_TwoParkedGets_HandsOffOneAndCompletesTheOther()
    {
        var value = new MemoryValue<int>();
        using var first = value.Watch();
        using var second = value.Watch();
        var firstGet = first.GetAsync();
        var secondGet = second.GetAsync();

        var wake = value.SetWakingOneInline(1);

        // Exactly one waits for Run; the other was completed by the Set, with its continuation on the thread pool.
        Assert.NotEqual(firstGet.IsCompleted, secondGet.IsCompleted);
        wake.Run();
        Assert.Equal(1, await firstGet.Within());
        Assert.Equal(1, await secondGet.Within());
    }

    [Fact]
    public async Task SetWakingOneInline_CancelledAndDisposedBeforeRun_GetReturnsTheValueHandedOver()
    {
        var value = new MemoryValue<int>();
        var watcher = value.Watch();
        using var cts = new CancellationTokenSource();
        var get = watcher.GetAsync(cts.Token);

        var wake = value.SetWakingOneInline(1);
        await cts.CancelAsync();
        watcher.Dispose();
        wake.Run();

        Assert.Equal(1, await get.Within());
        Assert.Equal(0, value.WatcherCount);
    }

    [Fact]
    public async Task SetWakingOneInline_ContinuationGetsAgainAndIsWokenInlineAgain_SeesEveryVersionInOrder()
    {
        var value = new MemoryValue<int>();
        using var watcher = value.Watch();
        var seen = new List<int>();
        var loop = ReadAsync(watcher, seen, until: 3);

        for (var i = 1; i <= 3; i++)
        {
            // Each Set finds the loop parked again: its continuation parked from inside the previous Run, after the
            // lock was released.
            Assert.Equal(1, value.ParkedCount);
            value.SetWakingOneInline(i).Run();
        }

        Assert.True(loop.IsCompleted);
        await loop.Within();
        Assert.Equal([1, 2, 3], seen);
    }

    [Fact]
    public async Task SetWakingOneInline_NothingParked_SetsTheValueAndRunDoesNothing()
    {
        var value = new MemoryValue<int>();
        using var watcher = value.Watch();

        value.SetWakingOneInline(5).Run();

        Assert.Equal(1, value.Version);
        var get = watcher.GetAsync();
        Assert.True(get.IsCompletedSuccessfully);
        Assert.Equal(5, await get);
    }

    private static async Task<(int Value, int ThreadId)> ResumeAsync(ValueTask<int> get)
    {
        // No captured context, so an inline completion runs this continuation where it completes.
        var result = await get.ConfigureAwait(false);
        return (result, Environment.CurrentManagedThreadId);
    }

    private static async Task ReadAsync(IWatcher<int> watcher, List<int> seen, int until)
    {
        while (seen.Count == 0 || seen[^1] < until)
        {
            seen.Add(await watcher.GetAsync().ConfigureAwait(false));
        }
    }
}
