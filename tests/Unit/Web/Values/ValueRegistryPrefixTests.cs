using System.Text;
using EventDashboard.Protocol;
using EventDashboard.Tests.Unit.TestSupport;
using EventDashboard.Web;
using EventDashboard.Web.Values;
using EventDashboard.Web.Values.Internal;

namespace EventDashboard.Tests.Unit.Web.Values;

/// <summary>The registry's watches of every value under a name prefix.</summary>
public sealed class ValueRegistryPrefixTests : IAsyncDisposable
{
    private readonly ValueRegistry _registry = RegistryTestExtensions.OpenRegistry(new EventDashboardOptions { LogCapacity = 16, MaxValueBytes = 1024 });
    private readonly CancellationTokenSource _timeout = new(TestTimeouts.Safety);

    public async ValueTask DisposeAsync()
    {
        await _registry.DisposeAsync();
        _timeout.Dispose();
    }

    private void Set(string name, string json) => _registry.Set(name, Encoding.UTF8.GetBytes(json), SetSource.Http, remote: null);

    private IAsyncEnumerator<PrefixChange> Watch(string prefix, long afterIndex = 0) =>
        _registry.WatchPrefixAsync(prefix, afterIndex, _timeout.Token).GetAsyncEnumerator(_timeout.Token);

    private static async Task<PrefixChange> NextAsync(IAsyncEnumerator<PrefixChange> changes)
    {
        Assert.True(await changes.MoveNextAsync().AsTask().Within());
        return changes.Current;
    }

    [Fact]
    public void List_Prefix_ListsOnlyNamesStartingWithItSorted()
    {
        Set("app.b", "1");
        Set("app.a", "1");
        Set("apple", "1");
        Set("other", "1");

        Assert.Equal(["app.a", "app.b"], _registry.List("app.").Select(s => s.Name));
        Assert.Equal(["app.a", "app.b", "apple"], _registry.List("app").Select(s => s.Name));
        Assert.Equal(4, _registry.List(string.Empty).Count);
    }

    [Fact]
    public async Task WatchPrefixAsync_FromZero_SendsExistingInLogOrderThenLiveChangesUnderPrefixOnly()
    {
        Set("app.b", "1");
        Set("app.a", "1");
        await using var changes = Watch("app.");

        var first = await NextAsync(changes);
        var second = await NextAsync(changes);
        Set("other", "1");
        Set("app.a", "2");
        _registry.Delete("app.b", SetSource.Http, remote: null);
        var third = await NextAsync(changes);
        var fourth = await NextAsync(changes);

        Assert.Equal(("app.b", 1L), (first.Name, first.State.Version));
        Assert.Equal(("app.a", 1L), (second.Name, second.State.Version));
        Assert.Equal(("app.a", 2L, 4L), (third.Name, third.State.Version, third.State.Index));
        Assert.Equal(("app.b", 2L, true, 5L), (fourth.Name, fourth.State.Version, fourth.State.Deleted, fourth.State.Index));
    }

    [Fact]
    public async Task WatchPrefixAsync_AfterIndex_SendsOnlyNewestOfEachValueChangedSince()
    {
        Set("app.a", "1");
        Set("app.b", "1");
        Set("app.a", "2");
        Set("app.a", "3");

        await using var changes = Watch("app.", afterIndex: 2);
        var first = await NextAsync(changes);
        Set("app.b", "2");
        var second = await NextAsync(changes);

        Assert.Equal(("app.a", 3L, 4L), (first.Name, first.State.Version, first.State.Index));
        Assert.Equal(("app.b", 2L, 5L), (second.Name, second.State.Version, second.State.Index));
    }

    [Theory]
    [InlineData(10)]
    [InlineData(3000)]
    public async Task WatchPrefixAsync_SlowReader_SkipsVersionsButNeverGoesBack(int sets)
    {
        Set("app.a", "0");
        await using var changes = Watch("app.");
        Assert.Equal(1, (await NextAsync(changes)).State.Version);

        // The reader does not read while the Sets happen: a burst within the log's window is coalesced, one beyond
        // it (3,000 > LogCapacity and the batch size) is caught up from the values.
        for (var i = 1; i <= sets; i++)
        {
            Set("app.a", i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Set("other", "1");
        }

        var versions = new List<long>();
        while (versions.LastOrDefault() < sets + 1)
        {
            versions.Add((await NextAsync(changes)).State.Version);
        }

        Assert.Equal(versions.Order(), versions);
        Assert.Equal(versions.Count, versions.Distinct().Count());
        Assert.True(versions.Count <= 3, $"a slow reader got {versions.Count} versions of one value instead of the newest");
    }

    [Fact]
    public async Task WaitForPrefixAsync_ChangeOutsidePrefixThenInside_CompletesOnlyWithTheChangeInside()
    {
        Set("app.a", "1");
        var index = _registry.LastIndex;
        await using var changes = Watch("app.", index);

        var next = changes.MoveNextAsync().AsTask();
        Set("other", "1");
        Set("app.b", "1");

        Assert.True(await next.Within());
        Assert.Equal(("app.b", index + 2), (changes.Current.Name, changes.Current.State.Index));
        await _registry.WaitForPrefixAsync("app.", index, _timeout.Token).Within();
    }
}
