using EventDashboard.Core;
using EventDashboard.Protocol;
using EventDashboard.Tests.Unit.TestSupport;
using EventDashboard.Web.Demo;
using EventDashboard.Web.Values;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace EventDashboard.Tests.Unit.Web.Demo;

public sealed class DemoValuesTests
{
    private static readonly TimeSpan SafetyNet = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Enabled_ClockAndCounterKeepChanging()
    {
        await using var factory = new EnabledFactory();
        factory.CreateClient().Dispose();
        var registry = factory.Get<ValueRegistry>();
        using var timeout = new CancellationTokenSource(SafetyNet);

        using var counter = registry.Watch(DemoValues.CounterName);
        var third = await counter.GetAsync(GetOptions<ValueSnapshot>.Where(s => s.Version >= 3), timeout.Token);
        using var clock = registry.Watch(DemoValues.ClockName);
        var time = await clock.GetAsync(GetOptions<ValueSnapshot>.Where(s => s.Version >= 3), timeout.Token);

        Assert.Equal(third.Version, third.Value.GetInt64());
        Assert.True(DateTimeOffset.TryParse(time.Value.GetString(), System.Globalization.CultureInfo.InvariantCulture, out _));
        Assert.Equal(SetSource.Demo, registry.GetHistory(DemoValues.CounterName, 1)!.Entries[0].Source);
    }

    [Fact]
    public async Task Disabled_SetsNothing()
    {
        await using var factory = new EventDashboardFactory();
        factory.CreateClient().Dispose();

        var demo = factory.Services.GetServices<IHostedService>().OfType<DemoValues>().Single();

        Assert.True(demo.ExecuteTask!.IsCompletedSuccessfully);
        Assert.Null(factory.Get<ValueRegistry>().Get(DemoValues.CounterName));
        Assert.Null(factory.Get<ValueRegistry>().Get(DemoValues.ClockName));
    }

    private sealed class EnabledFactory()
        : EventDashboardFactory(new Dictionary<string, string?> { ["Demo:Enabled"] = "true", ["Demo:Interval"] = "00:00:00.020" });
}
