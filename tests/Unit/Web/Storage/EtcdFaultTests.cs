using System.Globalization;
using System.Text;
using EventDashboard.Client;
using EventDashboard.Core;
using EventDashboard.Core.Etcd;
using EventDashboard.Tests.Unit.TestSupport;
using EventDashboard.Tests.Unit.TestSupport.Etcd;
using EventDashboard.Web;
using EventDashboard.Web.Storage.Internal;
using EventDashboard.Web.Values;
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

    private static ValueRegistry Open(EtcdCluster cluster, string prefix) => RegistryTestExtensions.OpenRegistry(
        Options,
        new EtcdValueStore(
            new EtcdConnection(cluster.Endpoints, new EtcdConnectionOptions { RequestTimeout = TimeSpan.FromSeconds(2) }),
            prefix,
            Options.HistoryLimit,
            NullLogger<EtcdValueStore>.Instance));

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
                var outcome = await registry.SetAsync("counter", Encoding.UTF8.GetBytes(i.ToString(CultureInfo.InvariantCulture)), new SetOrigin(SetSource.Http));
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
