using System.Text;
using EventDashboard.Core;
using EventDashboard.Protocol;
using EventDashboard.Tests.Unit.TestSupport;
using EventDashboard.Web.Values;

namespace EventDashboard.Tests.Unit.Web;

/// <summary>What tests against the running app share: its registry, fresh names, and waits on real signals.</summary>
public abstract class WebAppTests
{
    /// <summary>The longest any wait may take before the test fails; never a synchronization device.</summary>
    protected static readonly TimeSpan SafetyNet = TimeSpan.FromSeconds(30);

    protected WebAppTests(EventDashboardFactory factory)
    {
        App = factory;
        Registry = factory.Get<ValueRegistry>();
    }

    protected EventDashboardFactory App { get; }

    protected ValueRegistry Registry { get; }

    /// <summary>A name no other test uses, so tests can share one app.</summary>
    protected static string NewName() => "t." + Guid.NewGuid().ToString("N");

    protected void Set(string name, string json) =>
        Assert.True(Registry.Set(name, Encoding.UTF8.GetBytes(json), SetSource.Http, null).Succeeded);

    /// <summary>Waits until the value's watcher count passes <paramref name="until"/>: the signal that a request or connection is parked.</summary>
    protected async Task WaitForWatchersAsync(string name, Func<int, bool> until)
    {
        using var timeout = new CancellationTokenSource(SafetyNet);
        using var counts = Registry.WatchWatcherCount(name);
        await counts.GetAsync(GetOptions<WatchersChange>.Where(c => until(c.Watchers)), timeout.Token);
    }
}
