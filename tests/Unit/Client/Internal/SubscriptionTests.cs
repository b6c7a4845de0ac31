using System.Text.Json;
using EventDashboard.Client.Internal;
using EventDashboard.Core;
using EventDashboard.Protocol;
using EventDashboard.Tests.Unit.TestSupport;

namespace EventDashboard.Tests.Unit.Client.Internal;

/// <summary>Which server states reach local watchers: the rules that keep them from ever going back.</summary>
public sealed class SubscriptionTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Apply_SameStoreAndNotNewer_IsDroppedInAnyEpoch()
    {
        var subscription = new Subscription("x");

        Assert.True(subscription.Apply(Snapshot(5, "new"), epoch: 1));
        Assert.False(subscription.Apply(Snapshot(4, "late answer"), epoch: 1));
        Assert.False(subscription.Apply(Snapshot(5, "new"), epoch: 2));
        Assert.False(subscription.Apply(Snapshot(3, "older, after a reconnect"), epoch: 3));

        Assert.Equal("new", Current(subscription));
    }

    [Fact]
    public void Apply_AnotherStoreWithALowerVersion_IsTakenBecauseItsVersionsStartedAgain()
    {
        var subscription = new Subscription("x");
        subscription.Apply(Snapshot(9, "old store"), epoch: 1);

        Assert.True(subscription.Apply(Snapshot(1, "new store", store: "B"), epoch: 2));
        Assert.False(subscription.Apply(Snapshot(1, "new store", store: "B"), epoch: 2));
        Assert.True(subscription.Apply(Snapshot(2, "next", store: "B"), epoch: 2));

        Assert.Equal("next", Current(subscription));
    }

    [Fact]
    public void Apply_OlderEpoch_IsDroppedEvenFromAnotherStore()
    {
        var subscription = new Subscription("x");
        subscription.Apply(Snapshot(1, "new server", store: "B"), epoch: 3);

        Assert.False(subscription.Apply(Snapshot(7, "old server"), epoch: 2));

        Assert.Equal("new server", Current(subscription));
    }

    [Fact]
    public void BeginRead_OnANewConnection_MakesLatePushesOfTheOldOneStale()
    {
        var subscription = new Subscription("x");
        subscription.Apply(Snapshot(1, "a"), epoch: 1);

        var read = subscription.BeginRead(epoch: 2);

        Assert.False(subscription.Apply(Snapshot(1, "old server's push", store: "old"), epoch: 1));
        Assert.True(subscription.ApplyAnswer(Snapshot(2, "b"), epoch: 2, read));
        Assert.Equal("b", Current(subscription));
    }

    [Fact]
    public void Apply_Deletion_MirrorsThatTheValueDoesNotExistUntilANewerSet()
    {
        var subscription = new Subscription("x");
        subscription.Apply(Snapshot(1, "a"), epoch: 1);

        Assert.True(subscription.Apply(RemoteState.Of(new ValueDeletion("x", 2, T0, "A")), epoch: 1));
        Assert.Equal(new Mirrored(null, 2), MirrorOf(subscription));
        Assert.False(subscription.Apply(Snapshot(1, "a"), epoch: 2));
        Assert.True(subscription.Apply(Snapshot(3, "set again"), epoch: 2));

        Assert.Equal("set again", Current(subscription));
    }

    [Fact]
    public void ApplyAnswer_NullWithNothingSinceTheSubscribe_MirrorsThatTheValueDoesNotExist()
    {
        var subscription = new Subscription("x");
        subscription.Apply(Snapshot(3, "deleted meanwhile"), epoch: 1);
        var read = subscription.BeginRead(epoch: 2);

        Assert.True(subscription.ApplyAnswer(null, epoch: 2, read));

        Assert.Null(Current(subscription));

        // The answer said no version: the store's versions still count, so a late older state stays out.
        Assert.False(subscription.Apply(Snapshot(3, "deleted meanwhile"), epoch: 2));
        Assert.True(subscription.Apply(Snapshot(5, "set again"), epoch: 2));
        Assert.Equal("set again", Current(subscription));
    }

    [Fact]
    public void ApplyAnswer_NullOvertakenByAPush_IsIgnoredBecauseThePushIsNewer()
    {
        var subscription = new Subscription("x");
        var read = subscription.BeginRead(epoch: 1);
        subscription.Apply(Snapshot(1, "pushed"), epoch: 1);

        Assert.False(subscription.ApplyAnswer(null, epoch: 1, read));

        Assert.Equal("pushed", Current(subscription));
    }

    [Fact]
    public void Apply_WithoutStoreId_TakesTheFirstDifferentSnapshotOfANewEpoch()
    {
        var subscription = new Subscription("x");
        subscription.Apply(Snapshot(9, "before restart", store: null), epoch: 1);

        Assert.False(subscription.Apply(Snapshot(8, "late answer", store: null), epoch: 1));
        Assert.False(subscription.Apply(Snapshot(9, "before restart", store: null), epoch: 2));
        Assert.True(subscription.Apply(Snapshot(1, "after restart", T0.AddHours(1), store: null), epoch: 3));
        Assert.False(subscription.Apply(Snapshot(1, "after restart", T0.AddHours(1), store: null), epoch: 3));
        Assert.True(subscription.Apply(Snapshot(2, "next", store: null), epoch: 3));
        Assert.False(subscription.Apply(RemoteState.NotFound(0, storeId: null), epoch: 3));

        Assert.Equal("next", Current(subscription));
    }

    [Fact]
    public async Task Known_NullAnswer_CompletesWithoutAValue()
    {
        var subscription = new Subscription("x");
        Assert.False(subscription.Known.IsCompleted);

        Assert.False(subscription.ApplyAnswer(null, epoch: 1, subscription.BeginRead(epoch: 1)));

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
    public async Task WaitForAsync_VersionArrivesOrEpochChanges_CompletesHoldingIt()
    {
        var subscription = new Subscription("x");
        subscription.Apply(Snapshot(1, "a"), epoch: 1);

        var waitVersion = subscription.WaitForAsync(Written(3, epoch: 1), returnWhenUnsure: true, CancellationToken.None).AsTask();
        subscription.Apply(Snapshot(2, "b"), epoch: 1);
        Assert.False(waitVersion.IsCompleted);
        subscription.Apply(Snapshot(3, "c"), epoch: 1);
        Assert.True(await waitVersion.Within());

        var waitRestart = subscription.WaitForAsync(Written(10, epoch: 1), returnWhenUnsure: true, CancellationToken.None).AsTask();
        subscription.Apply(Snapshot(1, "restarted", store: "B"), epoch: 2);
        Assert.True(await waitRestart.Within());
    }

    [Fact]
    public async Task WaitForAsync_NullAnswerToASubscribeSentAfterTheWrite_CompletesHoldingIt()
    {
        var subscription = new Subscription("x");
        var write = Written(4, epoch: 1);

        subscription.ApplyAnswer(null, epoch: 1, subscription.BeginRead(epoch: 1));

        Assert.True(await subscription.WaitForAsync(write, returnWhenUnsure: true, CancellationToken.None).Within());
    }

    [Fact]
    public async Task WaitForAsync_NullAnswerFromBeforeTheWrite_WaitsForThePushOfTheWrite()
    {
        var subscription = new Subscription("x");
        subscription.ApplyAnswer(null, epoch: 1, subscription.BeginRead(epoch: 1));
        var write = Written(1, epoch: 1);

        var wait = subscription.WaitForAsync(write, returnWhenUnsure: true, CancellationToken.None).AsTask();
        Assert.False(wait.IsCompleted);
        subscription.Apply(Snapshot(1, "a"), epoch: 1);

        Assert.True(await wait.Within());
    }

    [Fact]
    public async Task WaitForAsync_NullAnswerToASubscribeSentDuringTheWrite_IsUnsureUntilAReadAfterIt()
    {
        var subscription = new Subscription("x");
        var sentAt = Subscription.Clock;
        var read = subscription.BeginRead(epoch: 1);
        var write = new Write(6, 1, sentAt, Subscription.Clock);
        subscription.ApplyAnswer(null, epoch: 1, read);

        Assert.False(await subscription.WaitForAsync(write, returnWhenUnsure: true, CancellationToken.None).Within());

        var sure = subscription.WaitForAsync(write, returnWhenUnsure: false, CancellationToken.None).AsTask();
        Assert.False(sure.IsCompleted);
        subscription.ApplyAnswer(RemoteState.NotFound(7, "A"), epoch: 1, subscription.BeginRead(epoch: 1));
        Assert.True(await sure.Within());
    }

    private static Write Written(long version, long epoch) => new(version, epoch, Subscription.Clock, Subscription.Clock);

    private static RemoteState Snapshot(long version, string value, DateTimeOffset? at = null, string? store = "A") =>
        RemoteState.Of(new ValueSnapshot("x", version, JsonSerializer.SerializeToElement(value), at ?? T0.AddMinutes(version), 1, store));

    private static Mirrored MirrorOf(Subscription subscription)
    {
        using var watcher = subscription.Mirror.Watch();
        return watcher.GetAsync(GetOptions<Mirrored>.Backlog).AsTask().GetAwaiter().GetResult();
    }

    // The value local watchers would be shown, or null when the mirror says that it does not exist.
    private static string? Current(Subscription subscription) => MirrorOf(subscription).Snapshot?.Value.GetString();
}
