using System.Globalization;
using System.Text;
using EventDashboard.Core;
using EventDashboard.Core.Etcd;
using EventDashboard.Protocol;
using EventDashboard.Tests.Unit.TestSupport;
using EventDashboard.Tests.Unit.TestSupport.Etcd;
using EventDashboard.Web;
using EventDashboard.Web.Storage.Internal;
using EventDashboard.Web.Values;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EventDashboard.Tests.Unit.Web.Storage;

/// <summary>Two servers on a 3-member etcd under a steady writer, while members are killed with SIGKILL.</summary>
public sealed class EtcdFaultTests
{
    private static readonly EventDashboardOptions Options = new() { HistoryLimit = 100_000, LogCapacity = 16, MaxValueBytes = 64 * 1024 };

    [Fact]
    public async Task SteadyWriter_EachMemberKilledInTurn_NoAcknowledgedSetLostAndNoVersionGoesBack()
    {
        await using var cluster = await EtcdCluster.StartAsync(3);
        var prefix = EtcdFixture.NewPrefix();
        await using var a = Open(cluster, prefix);
        await using var b = Open(cluster, prefix);
        using var onA = a.Watch("counter");
        using var onB = b.Watch("counter");
        using var stop = new CancellationTokenSource();
        var writer = new Writer(a);
        var writing = Task.Run(() => writer.RunAsync(stop.Token));
        var seenOnA = FollowAsync(onA, stop.Token);
        var seenOnB = FollowAsync(onB, stop.Token);

        // Every member once, the leader among them: after each kill and each restart the writer must get Sets
        // acknowledged again before the next step.
        for (var member = 0; member < 3; member++)
        {
            await writer.AcknowledgedAsync(5).Within();
            await cluster.KillAsync(member);
            await writer.AcknowledgedAsync(5).Within();
            await cluster.RestartAsync(member);
        }

        await writer.AcknowledgedAsync(5).Within();
        await stop.CancelAsync();
        await writing.Within();

        // The final state is what etcd has; a fresh server loads it. Both servers' watchers end on it.
        await using var reader = Open(cluster, prefix);
        var final = reader.Get("counter")!;
        var history = (await reader.GetHistoryAsync("counter", 100_000))!;
        var stored = history.Entries.ToDictionary(e => e.Version, e => e.Value.GetInt32());
        foreach (var (version, value) in writer.Acknowledged)
        {
            Assert.True(stored.TryGetValue(version, out var kept) && kept == value, $"acknowledged v{version} = {value} is missing");
        }

        Assert.Equal(Enumerable.Range(1, (int)final.Version).Select(v => (long)v).Reverse(), history.Entries.Select(e => e.Version));
        foreach (var (watcher, seen) in new[] { (onA, await seenOnA.Within()), (onB, await seenOnB.Within()) })
        {
            Assert.Equal(seen.Order(), seen);
            Assert.Equal(seen.Distinct(), seen);
            Assert.Equal(final.Version, await LastVersionAsync(watcher, seen.LastOrDefault(), final.Version));
        }
    }

    [Fact]
    public async Task QuorumLost_WritesRefusedAndReadsStale_ThenBothRecover()
    {
        await using var cluster = await EtcdCluster.StartAsync(3);
        await using var registry = Open(cluster, EtcdFixture.NewPrefix());
        Assert.True((await SetAsync(registry, "a", 1)).Succeeded);

        await cluster.KillAsync(0);
        await cluster.KillAsync(1);
        await TestTimeouts.UntilAsync(() => registry.StaleReason is not null);
        var refused = await SetAsync(registry, "a", 2);

        Assert.Equal(SetOutcomeKind.Unavailable, refused.Kind);
        Assert.Equal(1, registry.Get("a")!.Value.GetInt32());

        await cluster.RestartAsync(0);
        await cluster.RestartAsync(1);
        await SetEventuallyAsync(registry, "a", 3);

        Assert.Equal(2, registry.Get("a")!.Version);
    }

    [Fact]
    public async Task Compaction_WhileServerCutOff_ServerResyncsToTheNewestValues()
    {
        await using var cluster = await EtcdCluster.StartAsync(3);
        var prefix = EtcdFixture.NewPrefix();
        var members = cluster.Members.Select(m => m.ClientUrl.ToString().TrimEnd('/')).ToList();

        // A talks to members 1 and 2, B only to member 3, so killing member 3 cuts B off alone.
        await using var a = Open(string.Join(',', members.Take(2)), prefix);
        using var logs = new RecordingLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(builder => builder.AddProvider(logs));
        await using var b = Open(members[2], prefix, loggerFactory);
        using var onB = b.Watch("x");
        Assert.True((await SetAsync(a, "x", 1)).Succeeded);
        Assert.Equal(1, (await onB.GetAsync().Within()).Version);

        // Member 3 may have been the leader: A's Sets are refused until the other two elected one.
        await cluster.KillAsync(2);
        for (var i = 2; i <= 10; i++)
        {
            await SetEventuallyAsync(a, "x", i);
        }

        using (var compactor = new EtcdConnection(string.Join(',', members.Take(2))))
        {
            var now = await compactor.Kv.RangeAsync(new Etcdserverpb.RangeRequest { Key = Google.Protobuf.ByteString.CopyFromUtf8(prefix) }, deadline: compactor.Deadline());
            await compactor.Kv.CompactAsync(new Etcdserverpb.CompactionRequest { Revision = now.Header.Revision, Physical = true }, deadline: compactor.Deadline());
        }

        await cluster.RestartAsync(2);
        var seen = await onB.GetAsync().Within();

        Assert.Equal((10L, 10), (seen.Version, seen.Value.GetInt32()));
        Assert.Equal(10, b.Get("x")!.Version);
        Assert.Contains(logs.Entries, e => e.EventId.Name == "WatchCompacted");
        await SetEventuallyAsync(b, "x", 11);
        Assert.Equal(11, b.Get("x")!.Version);
    }

    private static ValueRegistry Open(EtcdCluster cluster, string prefix) => Open(cluster.Endpoints, prefix);

    private static ValueRegistry Open(string endpoints, string prefix, ILoggerFactory? loggerFactory = null) => RegistryTestExtensions.OpenRegistry(
        Options,
        new EtcdValueStore(
            new EtcdConnection(endpoints, new EtcdConnectionOptions { RequestTimeout = TimeSpan.FromSeconds(2) }, loggerFactory),
            prefix,
            Options.HistoryLimit,
            NullLogger<EtcdValueStore>.Instance));

    // A Set refused while the server is stale (no leader, a watch resuming) is tried again once it follows etcd.
    private static async Task SetEventuallyAsync(ValueRegistry registry, string name, int value)
    {
        for (var attempt = 1; ; attempt++)
        {
            var outcome = await SetAsync(registry, name, value);
            if (outcome.Succeeded)
            {
                return;
            }

            Assert.Equal(SetOutcomeKind.Unavailable, outcome.Kind);
            Assert.True(attempt < 50, outcome.Detail);
            await TestTimeouts.UntilAsync(() => registry.StaleReason is null);
        }
    }

    private static Task<SetOutcome> SetAsync(ValueRegistry registry, string name, int value) =>
        registry.SetAsync(name, Encoding.UTF8.GetBytes(value.ToString(CultureInfo.InvariantCulture)), new SetOrigin(SetSource.Http)).AsTask();

    // The versions a watcher returns until the test stops (a cancelled Get ends the list).
    private static Task<List<long>> FollowAsync(IWatcher<ValueSnapshot> watcher, CancellationToken stop) => Task.Run(async () =>
    {
        var versions = new List<long>();
        try
        {
            while (true)
            {
                versions.Add((await watcher.GetAsync(stop)).Version);
            }
        }
        catch (OperationCanceledException)
        {
            return versions;
        }
    });

    // Where a watcher ends: it may have returned the final version already, before the test stopped following it.
    private static async Task<long> LastVersionAsync(IWatcher<ValueSnapshot> watcher, long version, long final)
    {
        while (version < final)
        {
            version = (await watcher.GetAsync().Within()).Version;
        }

        return version;
    }

    /// <summary>Sets the counter again and again, keeping every acknowledged (version, value); refusals are retried.</summary>
    private sealed class Writer(ValueRegistry registry)
    {
        private readonly Lock _lock = new();
        private readonly List<(long Version, int Value)> _acknowledged = [];
        private (int Count, TaskCompletionSource Done)? _waiter;

        public IReadOnlyList<(long Version, int Value)> Acknowledged
        {
            get
            {
                lock (_lock)
                {
                    return [.. _acknowledged];
                }
            }
        }

        /// <summary>Completes once <paramref name="more"/> Sets more than now were acknowledged.</summary>
        public Task AcknowledgedAsync(int more)
        {
            lock (_lock)
            {
                var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _waiter = (_acknowledged.Count + more, done);
                return done.Task;
            }
        }

        public async Task RunAsync(CancellationToken stop)
        {
            for (var i = 1; !stop.IsCancellationRequested; i++)
            {
                var outcome = await SetAsync(registry, "counter", i);
                if (!outcome.Succeeded)
                {
                    Assert.Equal(SetOutcomeKind.Unavailable, outcome.Kind);
                    continue;
                }

                lock (_lock)
                {
                    _acknowledged.Add((outcome.Snapshot!.Version, i));
                    if (_waiter is { } waiter && _acknowledged.Count >= waiter.Count)
                    {
                        waiter.Done.TrySetResult();
                        _waiter = null;
                    }
                }
            }
        }
    }
}
