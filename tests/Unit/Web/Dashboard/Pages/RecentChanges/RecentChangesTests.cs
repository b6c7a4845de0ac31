using System.Globalization;
using Bunit;
using EventDashboard.Tests.Unit.TestSupport;
using EventDashboard.Web.Values;
using Microsoft.Extensions.DependencyInjection;
using RecentChangesPage = EventDashboard.Web.Dashboard.Pages.RecentChanges.RecentChanges;

namespace EventDashboard.Tests.Unit.Web.Dashboard.Pages.RecentChanges;

public sealed class RecentChangesTests : DashboardContext
{
    [Fact]
    public void Render_ExistingSets_ShowsThemNewestFirstLinkingToEachValue()
    {
        Set("a.first", "1");
        Set("b.second", "{\"on\": true}");
        Set("a.first", "2");

        var page = RenderPage();

        page.WaitForAssertion(() => Assert.Equal(["a.first v2", "b.second v1", "a.first v1"], Shown(page)), TestTimeouts.Safety);
        Assert.Equal(["values/a.first", "values/b.second", "values/a.first"], page.FindAll("a.change-name").Select(a => a.GetAttribute("href")));
        Assert.Equal("{\"on\":true}", page.FindAll(".change-preview")[1].TextContent);
        Assert.Equal("http", page.Find(".change-source").TextContent);
        Assert.Equal("10.0.0.9", page.Find(".change-remote").TextContent);
    }

    [Fact]
    public async Task Set_AfterRender_AppearsLiveAtTheTopWithWhoAndNote()
    {
        Set("old.one", "1");
        var page = RenderPage();
        page.WaitForAssertion(() => Assert.Equal(["old.one v1"], Shown(page)), TestTimeouts.Safety);

        var outcome = await Registry.SetAsync("new.one", "true"u8.ToArray(), new SetOrigin(SetSource.Ui, null, "bob", "revert of v3")).Within();
        Assert.True(outcome.Succeeded);

        page.WaitForAssertion(() => Assert.Equal(["new.one v1", "old.one v1"], Shown(page)), TestTimeouts.Safety);
        Assert.Equal("ui", page.Find(".change-source").TextContent);
        Assert.Equal("bob", page.Find(".change-principal").TextContent);
        Assert.Equal("revert of v3", page.Find(".change-note").TextContent);
    }

    [Fact]
    public void Delete_AfterRender_AppearsAsDeleted()
    {
        Set("doomed", "\"x\"");
        var page = RenderPage();
        page.WaitForAssertion(() => Assert.Equal(["doomed v1"], Shown(page)), TestTimeouts.Safety);

        Registry.Delete("doomed", SetSource.Http, "10.0.0.9");

        page.WaitForAssertion(() => Assert.Equal(["doomed v2", "doomed v1"], Shown(page)), TestTimeouts.Safety);
        Assert.Single(page.FindAll(".change-deleted"));
        Assert.Equal("deleted", page.Find(".change-value[data-index='2'] .change-deleted").TextContent.Trim());
    }

    [Fact]
    public void Render_MoreSetsThanTheWindow_ShowsOnlyTheNewest()
    {
        for (var i = 1; i <= 150; i++)
        {
            Set("busy", i.ToString(CultureInfo.InvariantCulture));
        }

        var page = RenderPage();

        page.WaitForAssertion(() => Assert.Equal(100, Shown(page).Count), TestTimeouts.Safety);
        Assert.Equal("busy v150", Shown(page)[0]);
        Assert.Equal("busy v51", Shown(page)[^1]);
    }

    [Fact]
    public async Task Burst_OfLiveSets_RendersOnceAnIntervalShowingTheNewest()
    {
        var clock = new ManualTimeProvider();
        Services.AddSingleton<TimeProvider>(clock);
        Set("burst", "0");
        var page = RenderPage();
        page.WaitForAssertion(() => Assert.Equal(["burst v1"], Shown(page)), TestTimeouts.Safety);

        // A live Set is drawn at once; then the page waits out its interval before it draws again.
        Set("burst", "1");
        page.WaitForAssertion(() => Assert.Equal("burst v2", Shown(page)[0]), TestTimeouts.Safety);
        Assert.Equal(RecentChangesPage.RenderInterval, await clock.Timers.Reader.ReadAsync().AsTask().Within());
        for (var i = 2; i <= 300; i++)
        {
            Set("burst", i.ToString(CultureInfo.InvariantCulture));
        }

        // Until the interval has passed the page draws nothing new, however many Sets arrive.
        Assert.Equal("burst v2", Shown(page)[0]);

        // From now on every interval the page waits out passes at once: on a busy machine the page may draw before
        // it has read all 300 Sets, and then waits for its next interval before it draws the rest.
        using var stop = new CancellationTokenSource();
        var ticking = PassEveryIntervalAsync(clock, stop.Token);
        clock.Advance(RecentChangesPage.RenderInterval);

        page.WaitForAssertion(() => Assert.Equal("burst v301", Shown(page)[0]), TestTimeouts.Safety);
        await stop.CancelAsync();
        await ticking;
        Assert.Equal(RecentChangesPage.MaxRows, Shown(page).Count);
        Assert.Equal("burst v202", Shown(page)[^1]);
    }

    private static async Task PassEveryIntervalAsync(ManualTimeProvider clock, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var due in clock.Timers.Reader.ReadAllAsync(cancellationToken))
            {
                clock.Advance(due);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private static List<string> Shown(IRenderedComponent<RecentChangesPage> page) =>
        [.. page.FindAll("a.change-name").Select(a => $"{a.TextContent} {page.Find($".change-version[data-index='{a.GetAttribute("data-index")}']").TextContent}")];

    private IRenderedComponent<RecentChangesPage> RenderPage() =>
        Render<RecentChangesPage>();
}
