using System.Threading.Channels;
using EventDashboard.Core;
using EventDashboard.Tests.Unit.TestSupport;

namespace EventDashboard.Tests.Unit.Core;

public sealed class ValueWatchExtensionsTests
{
    [Fact]
    public async Task PipeAsync_UntilCancelled_WritesCurrentAndNewerValuesAndLeavesWriterOpen()
    {
        var value = new MemoryValue<int>();
        value.Set(1);
        var channel = Channel.CreateUnbounded<int>();
        using var cts = new CancellationTokenSource();

        var pipe = value.PipeAsync(channel.Writer, cancellationToken: cts.Token);
        Assert.Equal(1, await channel.Reader.ReadAsync().AsTask().Within());
        value.Set(2);
        Assert.Equal(2, await channel.Reader.ReadAsync().AsTask().Within());
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pipe.Within());
        Assert.True(channel.Writer.TryWrite(3));
        Assert.Equal(0, value.WatcherCount);
    }

    [Fact]
    public async Task PipeAsync_WithPredicate_WritesOnlyPassingValues()
    {
        var value = new MemoryValue<int>();
        var channel = Channel.CreateUnbounded<int>();
        using var cts = new CancellationTokenSource();

        var pipe = value.PipeAsync(channel.Writer, GetOptions<int>.Where(v => v > 10), cts.Token);
        value.Set(5);
        value.Set(11);

        Assert.Equal(11, await channel.Reader.ReadAsync().AsTask().Within());
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pipe.Within());
    }

    [Fact]
    public async Task PipeAsync_BacklogOnly_ReturnsOnceBacklogIsWritten()
    {
        var value = new MemoryValue<int>();
        value.Set(4);
        var channel = Channel.CreateUnbounded<int>();

        await value.PipeAsync(channel.Writer, GetOptions<int>.Backlog).Within();

        Assert.True(channel.Reader.TryRead(out var piped));
        Assert.Equal(4, piped);
        Assert.False(channel.Reader.TryRead(out _));
    }

    [Fact]
    public async Task PipeAsync_WriterCompleted_FailsAndDisposesWatcher()
    {
        var value = new MemoryValue<int>();
        value.Set(1);
        var channel = Channel.CreateUnbounded<int>();
        channel.Writer.Complete();

        await Assert.ThrowsAsync<ChannelClosedException>(() => value.PipeAsync(channel.Writer).Within());
        Assert.Equal(0, value.WatcherCount);
    }

    [Fact]
    public async Task ReadAllAsync_BacklogOnly_EndsWhenNothingIsPending()
    {
        var value = new MemoryValue<int>();
        value.Set(9);

        var all = new List<int>();
        await foreach (var item in value.ReadAllAsync(GetOptions<int>.Backlog))
        {
            all.Add(item);
        }

        Assert.Equal([9], all);
    }
}
