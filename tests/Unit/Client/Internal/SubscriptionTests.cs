using System.Text.Json;
using EventDashboard.Client;
using EventDashboard.Client.Internal;
using EventDashboard.Core;
using EventDashboard.Tests.Unit.TestSupport;

namespace EventDashboard.Tests.Unit.Client.Internal;

/// <summary>Which server snapshots reach local watchers: the rule that keeps them from ever going back.</summary>
public sealed class SubscriptionTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Apply_OlderVersionInTheSameEpoch_IsDropped()
    {
        var subscription = new Subscription("x");

        Assert.True(subscription.Apply(Snapshot(5, "new"), epoch: 1));
        Assert.False(subscription.Apply(Snapshot(4, "late answer"), epoch: 1));
        Assert.False(subscription.Apply(Snapshot(5, "new"), epoch: 1));

        Assert.Equal("new", Current(subscription));
    }

    [Fact]
    public void Apply_LowerVersionInANewEpoch_IsTakenBecauseTheServerRestarted()
    {
        var subscription = new Subscription("x");
        subscription.Apply(Snapshot(9, "before restart"), epoch: 1);

        Assert.True(subscription.Apply(Snapshot(1, "after restart", T0.AddHours(1)), epoch: 2));
        Assert.False(subscription.Apply(Snapshot(1, "after restart", T0.AddHours(1)), epoch: 2));
        Assert.True(subscription.Apply(Snapshot(2, "next"), epoch: 2));

        Assert.Equal("next", Current(subscription));
    }

    [Fact]
    public void Apply_SameSnapshotAfterReconnect_IsNotDeliveredTwice()
    {
        var subscription = new Subscription("x");
        subscription.Apply(Snapshot(3, "same"), epoch: 1);

        Assert.False(subscription.Apply(Snapshot(3, "same"), epoch: 2));
    }

    [Fact]
    public void Apply_SnapshotFromAnEndedEpoch_IsDropped()
    {
        var subscription = new Subscription("x");
        subscription.Apply(Snapshot(1, "new connection"), epoch: 3);

        Assert.False(subscription.Apply(Snapshot(7, "old connection"), epoch: 2));
    }

    [Fact]
    public async Task Known_NullAnswer_CompletesWithoutAValue()
    {
        var subscription = new Subscription("x");
        Assert.False(subscription.Known.IsCompleted);

        Assert.False(subscription.Apply(null, epoch: 1));

        await subscription.Known.Within();
        using var watcher = subscription.Mirror.Watch();
        await Assert.ThrowsAsync<BacklogDoneException>(() => watcher.GetAsync(GetOptions<Mirrored>.Backlog).Within());
    }

    [Fact]
    public void Forget_AfterKnown_MakesTheNextAnswerAwaitedAgain()
    {
        var subscription = new Subscription("x");
        subscription.Apply(Snapshot(1, "a"), epoch: 1);

        subscription.Forget();

        Assert.False(subscription.Known.IsCompleted);
        subscription.Apply(Snapshot(1, "a"), epoch: 1);
        Assert.True(subscription.Known.IsCompleted);
    }

    [Fact]
    public async Task WaitForAsync_VersionArrivesOrEpochChanges_Completes()
    {
        var subscription = new Subscription("x");
        subscription.Apply(Snapshot(1, "a"), epoch: 1);

        var waitVersion = subscription.WaitForAsync(3, epoch: 1, CancellationToken.None).AsTask();
        subscription.Apply(Snapshot(2, "b"), epoch: 1);
        Assert.False(waitVersion.IsCompleted);
        subscription.Apply(Snapshot(3, "c"), epoch: 1);
        await waitVersion.Within();

        var waitRestart = subscription.WaitForAsync(10, epoch: 1, CancellationToken.None).AsTask();
        subscription.Apply(Snapshot(1, "restarted", T0.AddDays(1)), epoch: 2);
        await waitRestart.Within();
    }

    private static ValueSnapshot Snapshot(long version, string value, DateTimeOffset? at = null) =>
        new("x", version, JsonSerializer.SerializeToElement(value), at ?? T0.AddMinutes(version), 1);

    private static string? Current(Subscription subscription)
    {
        using var watcher = subscription.Mirror.Watch();
        return watcher.GetAsync(GetOptions<Mirrored>.Backlog).AsTask().GetAwaiter().GetResult().Snapshot.Value.GetString();
    }
}
