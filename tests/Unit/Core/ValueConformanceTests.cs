using EventDashboard.Core;
using EventDashboard.Tests.Unit.TestSupport;

namespace EventDashboard.Tests.Unit.Core;

/// <summary>
/// The contract every <see cref="IValue{T}"/> must keep, run against each implementation (memory, remote, ...).
/// A subclass only says how to make a fresh, never-set value. The tests rely on read-your-writes: once
/// <see cref="IValue{T}.SetAsync"/> completed, a watcher of the same value sees that value or a newer one.
/// </summary>
/// <typeparam name="TValue">The implementation under test.</typeparam>
public abstract class ValueConformanceTests<TValue> : IAsyncLifetime
    where TValue : IValue<int>
{
    private readonly List<TValue> _created = [];

    /// <summary>Creates a fresh value that was never set.</summary>
    protected abstract Task<TValue> CreateValueAsync();

    /// <summary>Releases a value made by <see cref="CreateValueAsync"/>.</summary>
    protected virtual Task DestroyValueAsync(TValue value) => Task.CompletedTask;

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual async Task DisposeAsync()
    {
        foreach (var value in _created)
        {
            await DestroyValueAsync(value);
        }
    }

    protected async Task<TValue> NewValueAsync()
    {
        var value = await CreateValueAsync();
        _created.Add(value);
        return value;
    }

    [Fact]
    public async Task GetAsync_FirstCallAfterSet_ReturnsCurrentValue()
    {
        var value = await NewValueAsync();
        await value.SetAsync(1);
        await value.SetAsync(2);

        using var watcher = value.Watch();

        Assert.Equal(2, await watcher.GetAsync().Within());
    }

    [Fact]
    public async Task GetAsync_NeverSet_WaitsForFirstSet()
    {
        var value = await NewValueAsync();
        using var watcher = value.Watch();

        var get = watcher.GetAsync().AsTask();
        Assert.False(get.IsCompleted);
        await value.SetAsync(5);

        Assert.Equal(5, await get.Within());
    }

    [Fact]
    public async Task GetAsync_AfterFirstValue_WaitsForNewerSet()
    {
        var value = await NewValueAsync();
        await value.SetAsync(1);
        using var watcher = value.Watch();
        Assert.Equal(1, await watcher.GetAsync().Within());

        var get = watcher.GetAsync().AsTask();
        Assert.False(get.IsCompleted);
        await value.SetAsync(2);

        Assert.Equal(2, await get.Within());
    }

    [Fact]
    public async Task GetAsync_EqualValueSetAgain_ReturnsIt()
    {
        var value = await NewValueAsync();
        await value.SetAsync(7);
        using var watcher = value.Watch();
        Assert.Equal(7, await watcher.GetAsync().Within());

        var get = watcher.GetAsync().AsTask();
        await value.SetAsync(7);

        Assert.Equal(7, await get.Within());
    }

    [Fact]
    public async Task GetAsync_ManySetsBetweenGets_ReturnsNewestWithoutBacklog()
    {
        var value = await NewValueAsync();
        await value.SetAsync(0);
        using var watcher = value.Watch();
        Assert.Equal(0, await watcher.GetAsync().Within());

        for (var i = 1; i <= 100; i++)
        {
            await value.SetAsync(i);
        }

        Assert.Equal(100, await watcher.GetAsync().Within());
        Assert.Throws<BacklogDoneException>(() => watcher.GetAsync(GetOptions<int>.Backlog).AsTask().GetAwaiter().GetResult());
    }

    [Fact]
    public async Task GetAsync_WhileSetsRace_NeverReturnsAnOlderValue()
    {
        const int last = 2_000;
        var value = await NewValueAsync();
        await value.SetAsync(0);
        var watchers = Enumerable.Range(0, 4).Select(_ => value.Watch()).ToList();

        var readers = watchers.Select(watcher => Task.Run(async () =>
        {
            var seen = new List<int>();
            var current = -1;
            while (current != last)
            {
                current = await watcher.GetAsync().Within();
                seen.Add(current);
            }

            return seen;
        })).ToList();

        await Task.Run(async () =>
        {
            for (var i = 1; i <= last; i++)
            {
                await value.SetAsync(i);
            }
        });

        foreach (var seen in await Task.WhenAll(readers).Within())
        {
            Assert.Equal(last, seen[^1]);
            for (var i = 1; i < seen.Count; i++)
            {
                Assert.True(seen[i] > seen[i - 1], $"value {seen[i]} came after {seen[i - 1]}");
            }
        }

        watchers.ForEach(w => w.Dispose());
    }

    [Fact]
    public async Task GetAsync_WithPredicate_SkipsValuesThatFailIt()
    {
        var value = await NewValueAsync();
        await value.SetAsync(1);
        using var watcher = value.Watch();
        var evens = GetOptions<int>.Where(v => v % 2 == 0);

        var get = watcher.GetAsync(evens).AsTask();
        await value.SetAsync(3);
        await value.SetAsync(5);
        await value.SetAsync(6);

        Assert.Equal(6, await get.Within());
    }

    [Fact]
    public async Task GetAsync_BacklogOnly_ReturnsPendingValueThenThrowsBacklogDone()
    {
        var value = await NewValueAsync();
        await value.SetAsync(1);
        using var watcher = value.Watch();

        Assert.Equal(1, await watcher.GetAsync(GetOptions<int>.Backlog).Within());
        await Assert.ThrowsAsync<BacklogDoneException>(() => watcher.GetAsync(GetOptions<int>.Backlog).Within());

        await value.SetAsync(2);
        Assert.Equal(2, await watcher.GetAsync(GetOptions<int>.Backlog).Within());
    }

    [Fact]
    public async Task GetAsync_Cancelled_ThrowsAndWatcherStaysUsable()
    {
        var value = await NewValueAsync();
        await value.SetAsync(1);
        using var watcher = value.Watch();
        Assert.Equal(1, await watcher.GetAsync().Within());
        using var cts = new CancellationTokenSource();

        var get = watcher.GetAsync(cts.Token).AsTask();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => get.Within());
        await value.SetAsync(2);
        Assert.Equal(2, await watcher.GetAsync().Within());
    }

    [Fact]
    public async Task GetAsync_SecondConcurrentCall_ThrowsAndFirstKeepsWaiting()
    {
        var value = await NewValueAsync();
        await value.SetAsync(1);
        using var watcher = value.Watch();
        Assert.Equal(1, await watcher.GetAsync().Within());

        var first = watcher.GetAsync().AsTask();
        await Assert.ThrowsAsync<InvalidOperationException>(() => watcher.GetAsync().Within());
        Assert.False(first.IsCompleted);

        await value.SetAsync(2);
        Assert.Equal(2, await first.Within());
    }

    [Fact]
    public async Task Dispose_WithPendingGet_FailsItWithObjectDisposed()
    {
        var value = await NewValueAsync();
        var watcher = value.Watch();

        var get = watcher.GetAsync().AsTask();
        watcher.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => get.Within());
    }

    [Fact]
    public async Task Dispose_Twice_IsHarmlessAndLaterGetsThrow()
    {
        var value = await NewValueAsync();
        await value.SetAsync(1);
        var watcher = value.Watch();

        watcher.Dispose();
        watcher.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => watcher.GetAsync().Within());
    }

    [Fact]
    public async Task Watch_ManyWatchers_EachSeesTheNewestValue()
    {
        var value = await NewValueAsync();
        await value.SetAsync(1);
        var watchers = Enumerable.Range(0, 20).Select(_ => value.Watch()).ToList();
        foreach (var watcher in watchers)
        {
            Assert.Equal(1, await watcher.GetAsync().Within());
        }

        var gets = watchers.Select(w => w.GetAsync().AsTask()).ToList();
        await value.SetAsync(2);

        Assert.All(await Task.WhenAll(gets).Within(), v => Assert.Equal(2, v));
        watchers.ForEach(w => w.Dispose());
    }

    [Fact]
    public async Task ReadAllAsync_Always_YieldsCurrentThenNewerValues()
    {
        var value = await NewValueAsync();
        await value.SetAsync(10);
        using var cts = new CancellationTokenSource(TestTimeouts.Safety);
        await using var values = value.ReadAllAsync(cancellationToken: cts.Token).GetAsyncEnumerator(cts.Token);

        Assert.True(await values.MoveNextAsync());
        Assert.Equal(10, values.Current);
        var next = values.MoveNextAsync().AsTask();
        await value.SetAsync(11);
        Assert.True(await next.Within());
        Assert.Equal(11, values.Current);
    }
}
