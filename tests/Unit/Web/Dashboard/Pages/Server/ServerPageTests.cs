using System.Diagnostics;
using System.Diagnostics.Metrics;
using Bunit;
using EventDashboard.Tests.Unit.TestSupport;
using EventDashboard.Web.Dashboard.Pages.Server;
using EventDashboard.Web.Operations;
using EventDashboard.Web.Values;
using Microsoft.Extensions.DependencyInjection;

namespace EventDashboard.Tests.Unit.Web.Dashboard.Pages.Server;

public sealed class ServerPageTests : DashboardContext
{
    private readonly ServiceProvider _meters = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly ManualTimeProvider _clock = new();
    private readonly EventDashboardMetrics _metrics;
    private readonly ServerStats _stats;

    public ServerPageTests()
    {
        var factory = _meters.GetRequiredService<IMeterFactory>();
        _metrics = new EventDashboardMetrics(factory);
        _stats = new ServerStats(factory, _clock);
        Services.AddSingleton(_stats);
    }

    protected override async ValueTask DisposeAsyncCore()
    {
        await base.DisposeAsyncCore();
        _stats.Dispose();
        await _meters.DisposeAsync();
    }

    [Fact]
    public void Render_NoSampleYet_SaysTheFirstComesSoon()
    {
        var page = Render<ServerPage>();

        Assert.NotNull(page.Find("#server-loading"));
        Assert.Contains(Registry.StoreLocation, page.Find("#server-store").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Sample_AfterRender_ShowsTilesAndChartsLive()
    {
        var page = Render<ServerPage>();
        for (var i = 0; i < 30; i++)
        {
            _metrics.RecordSet(SetSource.Http, SetOutcomeKind.Updated, Stopwatch.GetTimestamp());
        }

        _metrics.HubConnectionsChanged(4);
        _metrics.StalledConnectionClosed("hub", 2);
        _clock.Advance(TimeSpan.FromSeconds(1));
        _stats.Sample();

        page.WaitForAssertion(() => Assert.Equal("30", page.Find("#tile-sets .tile-value").TextContent), TestTimeouts.Safety);
        Assert.Equal("4", page.Find("#tile-connections .tile-value").TextContent);
        Assert.Equal("1", page.Find("#tile-stalled .tile-value").TextContent);
        Assert.Equal(3, page.FindAll(".chart").Count);
        Assert.Equal("The last second, live", page.Find("#server-window").TextContent);

        _clock.Advance(TimeSpan.FromSeconds(1));
        _stats.Sample();

        page.WaitForAssertion(() => Assert.Equal("0", page.Find("#tile-sets .tile-value").TextContent), TestTimeouts.Safety);
    }
}
