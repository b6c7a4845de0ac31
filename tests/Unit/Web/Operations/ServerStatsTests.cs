using System.Diagnostics;
using System.Diagnostics.Metrics;
using EventDashboard.Tests.Unit.TestSupport;
using EventDashboard.Web.Operations;
using EventDashboard.Web.Values;
using Microsoft.Extensions.DependencyInjection;

namespace EventDashboard.Tests.Unit.Web.Operations;

/// <summary>The server page's samples, taken from the real instruments of one host.</summary>
public sealed class ServerStatsTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly ManualTimeProvider _clock = new();
    private readonly EventDashboardMetrics _metrics;
    private readonly ServerStats _stats;

    public ServerStatsTests()
    {
        var meters = _services.GetRequiredService<IMeterFactory>();
        _metrics = new EventDashboardMetrics(meters);
        _stats = new ServerStats(meters, _clock);
    }

    public void Dispose()
    {
        _stats.Dispose();
        _services.Dispose();
    }

    [Fact]
    public void Sample_AfterTwoSeconds_GivesRatesPerSecondAndCurrentCounts()
    {
        var values = 7;
        _metrics.ObserveValues(() => values);
        for (var i = 0; i < 10; i++)
        {
            _metrics.RecordSet(SetSource.Http, SetOutcomeKind.Updated, Stopwatch.GetTimestamp());
        }

        _metrics.Delivered();
        _metrics.CountSkipped(1, 6, "hub");
        _metrics.HubConnectionsChanged(2);
        _metrics.HubConnectionsChanged(-1);
        _metrics.EventStreamsChanged(3);
        _clock.Advance(TimeSpan.FromSeconds(2));

        var sample = _stats.Sample();

        Assert.Equal((5.0, 0.5, 2.0), (sample.SetsPerSecond, sample.DeliveriesPerSecond, sample.SkippedPerSecond));
        Assert.Equal((1L, 3L, 7L), (sample.HubConnections, sample.EventStreams, sample.Values));
        Assert.True(sample.WorkingSetBytes > 0 && sample.HeapBytes > 0);
    }

    [Fact]
    public void Sample_NoActivitySinceLast_RatesAreZeroAndCountsStay()
    {
        _metrics.RecordSet(SetSource.Hub, SetOutcomeKind.Created, Stopwatch.GetTimestamp());
        _metrics.HubConnectionsChanged(1);
        _clock.Advance(TimeSpan.FromSeconds(1));
        _stats.Sample();
        _clock.Advance(TimeSpan.FromSeconds(1));

        var second = _stats.Sample();

        Assert.Equal(0, second.SetsPerSecond);
        Assert.Equal(1, second.HubConnections);
    }

    [Fact]
    public void Sample_MoreThanCapacity_KeepsTheNewestWindowInOrder()
    {
        for (var i = 0; i < ServerStats.Capacity + 5; i++)
        {
            _clock.Advance(TimeSpan.FromSeconds(1));
            _stats.Sample();
        }

        var window = _stats.Current;
        Assert.Equal(ServerStats.Capacity, window.Count);
        Assert.Equal(_clock.GetUtcNow(), window[^1].At);
        Assert.Equal(_clock.GetUtcNow() - TimeSpan.FromSeconds(ServerStats.Capacity - 1), window[0].At);
    }

    [Fact]
    public async Task Watch_NewSample_WakesTheWatcherWithTheNewWindow()
    {
        using var watcher = _stats.Watch();
        Assert.Empty(await watcher.GetAsync().AsTask().Within());

        var next = watcher.GetAsync().AsTask();
        _stats.Sample();

        Assert.Single(await next.Within());
    }
}
