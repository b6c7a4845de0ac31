using System.Threading.Channels;
using EventDashboard.Core;
using EventDashboard.Tests.Unit.TestSupport;

namespace EventDashboard.Tests.Unit.Core;

public sealed class NotifyTests
{
    /// <summary>A blocking fetch the test answers call by call.</summary>
    private sealed class ScriptedFetch
    {
        private readonly Channel<(long MinIndex, TaskCompletionSource<(string, long)> Answer)> _calls = Channel.CreateUnbounded<(long, TaskCompletionSource<(string, long)>)>();

        public async ValueTask<(string Value, long Index)> FetchAsync(long minIndex, CancellationToken cancellationToken)
        {
            var answer = new TaskCompletionSource<(string, long)>(TaskCreationOptions.RunContinuationsAsynchronously);
            await _calls.Writer.WriteAsync((minIndex, answer), cancellationToken);
            return await answer.Task.WaitAsync(cancellationToken);
        }

        public async Task<long> AnswerAsync(string value, long index)
        {
            var call = await _calls.Reader.ReadAsync().AsTask().Within();
            call.Answer.SetResult((value, index));
            return call.MinIndex;
        }

        public async Task<long> FailAsync(Exception error)
        {
            var call = await _calls.Reader.ReadAsync().AsTask().Within();
            call.Answer.SetException(error);
            return call.MinIndex;
        }
    }

    [Fact]
    public async Task RunAsync_IndexUnchanged_DeliversOnlyFirstResultAndGrowth()
    {
        var fetch = new ScriptedFetch();
        var updates = Channel.CreateUnbounded<UpdateEvent<string>>();
        using var cts = new CancellationTokenSource();
        var loop = Notify.RunAsync(fetch.FetchAsync, "id", updates.Writer, cancellationToken: cts.Token);

        Assert.Equal(0, await fetch.AnswerAsync("a", 5));
        Assert.Equal(5, await fetch.AnswerAsync("a", 5));
        Assert.Equal(5, await fetch.AnswerAsync("b", 6));
        Assert.Equal(6, await fetch.AnswerAsync("b", 6));

        Assert.Equal(new UpdateEvent<string>("id", "a", 5, null), await updates.Reader.ReadAsync().AsTask().Within());
        Assert.Equal(new UpdateEvent<string>("id", "b", 6, null), await updates.Reader.ReadAsync().AsTask().Within());
        Assert.False(updates.Reader.TryRead(out _));

        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => loop.Within());
    }

    [Fact]
    public async Task RunAsync_IndexGoesBackwards_DeliversTheResetValue()
    {
        var fetch = new ScriptedFetch();
        var updates = Channel.CreateUnbounded<UpdateEvent<string>>();
        using var cts = new CancellationTokenSource();
        var loop = Notify.RunAsync(fetch.FetchAsync, "id", updates.Writer, cancellationToken: cts.Token);

        await fetch.AnswerAsync("before restart", 40);
        Assert.Equal(40, await fetch.AnswerAsync("after restart", 2));

        await updates.Reader.ReadAsync().AsTask().Within();
        var reset = await updates.Reader.ReadAsync().AsTask().Within();
        Assert.Equal(("after restart", 2L), (reset.Result, reset.Index));
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => loop.Within());
    }

    [Fact]
    public async Task RunAsync_RepeatedFailures_DeliversErrorsAndBacksOffAfterThree()
    {
        var fetch = new ScriptedFetch();
        var time = new ManualTimeProvider();
        var updates = Channel.CreateUnbounded<UpdateEvent<string>>();
        using var cts = new CancellationTokenSource();
        var loop = Notify.RunAsync(fetch.FetchAsync, "id", updates.Writer, time, cts.Token);

        await fetch.AnswerAsync("a", 3);
        for (var failure = 1; failure <= 4; failure++)
        {
            Assert.Equal(3, await fetch.FailAsync(new IOException($"failure {failure}")));
        }

        // Three failures are retried at once; the fourth waits 2 s less jitter, on the injected clock.
        var wait = await time.Timers.Reader.ReadAsync().AsTask().Within();
        Assert.InRange(wait, TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(2));
        Assert.False(time.Timers.Reader.TryRead(out _));
        time.Advance(wait);
        await fetch.AnswerAsync("b", 4);

        var delivered = new List<UpdateEvent<string>>();
        for (var i = 0; i < 6; i++)
        {
            delivered.Add(await updates.Reader.ReadAsync().AsTask().Within());
        }

        Assert.Equal("a", delivered[0].Result);
        Assert.All(delivered.Skip(1).Take(4), e => Assert.IsType<IOException>(e.Error));
        Assert.Equal(("b", 4L, (Exception?)null), (delivered[5].Result, delivered[5].Index, delivered[5].Error));
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => loop.Within());
    }

    [Fact]
    public async Task RunAsync_SuccessAfterFailureAtSameIndex_IsDelivered()
    {
        var fetch = new ScriptedFetch();
        var updates = Channel.CreateUnbounded<UpdateEvent<string>>();
        using var cts = new CancellationTokenSource();
        var loop = Notify.RunAsync(fetch.FetchAsync, "id", updates.Writer, cancellationToken: cts.Token);

        await fetch.AnswerAsync("a", 5);
        await fetch.FailAsync(new IOException("restarting"));
        Assert.Equal(5, await fetch.AnswerAsync("a again", 5));

        Assert.Equal("a", (await updates.Reader.ReadAsync().AsTask().Within()).Result);
        Assert.IsType<IOException>((await updates.Reader.ReadAsync().AsTask().Within()).Error);
        Assert.Equal(new UpdateEvent<string>("id", "a again", 5, null), await updates.Reader.ReadAsync().AsTask().Within());
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => loop.Within());
    }

    [Theory]
    [InlineData(1, 0.0, 0)]
    [InlineData(3, 0.5, 0)]
    [InlineData(4, 0.0, 2)]
    [InlineData(5, 0.0, 4)]
    [InlineData(8, 0.0, 32)]
    [InlineData(9, 0.0, 60)]
    [InlineData(1_000, 0.0, 60)]
    public void Backoff_AfterFailures_DoublesFromTwoSecondsUpToAMinute(int failures, double random, double seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), Notify.Backoff(failures, random));
    }

    [Fact]
    public void Backoff_WithJitter_ShortensByAtMostAQuarter()
    {
        var wait = Notify.Backoff(6, 0.999);

        Assert.InRange(wait, TimeSpan.FromSeconds(6), TimeSpan.FromSeconds(8));
        Assert.True(wait < TimeSpan.FromSeconds(8));
    }
}
