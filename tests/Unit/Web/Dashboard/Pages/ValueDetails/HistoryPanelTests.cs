using System.Text;
using Bunit;
using EventDashboard.Tests.Unit.TestSupport;
using EventDashboard.Web.Dashboard.Pages.ValueDetails;
using EventDashboard.Web.Values;
using MudBlazor;

namespace EventDashboard.Tests.Unit.Web.Dashboard.Pages.ValueDetails;

public sealed class HistoryPanelTests : DashboardContext
{
    [Fact]
    public void Pager_120Sets_ReachesEveryVersionBeyondFifty()
    {
        for (var i = 1; i <= 120; i++)
        {
            Set("counter", i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        var panel = RenderPanel("counter");

        panel.WaitForAssertion(() => Assert.Equal("120 versions", panel.Find("#history-count").TextContent), TestTimeouts.Safety);
        Assert.Equal("retained from version 1", panel.Find("#history-retained").TextContent);
        Assert.Equal(Enumerable.Range(96, 25).Reverse().Select(v => (long)v), ShownVersions(panel));

        panel.Find("#history-oldest").Click();
        panel.WaitForAssertion(() => Assert.Equal(Enumerable.Range(1, 20).Reverse().Select(v => (long)v), ShownVersions(panel)), TestTimeouts.Safety);
        Assert.Equal("101–120 of 120", panel.Find("#history-range").TextContent);

        panel.Find("#history-newer").Click();
        panel.WaitForAssertion(() => Assert.Equal(Enumerable.Range(21, 25).Reverse().Select(v => (long)v), ShownVersions(panel)), TestTimeouts.Safety);
        Assert.Equal("Page 4 of 5", panel.Find("#history-page").TextContent);
    }

    [Fact]
    public void Render_SetWithWhoAndNote_ShowsSourceRemoteWhoAndNote()
    {
        SetAs("door", "\"open\"", new SetOrigin(SetSource.Hub, "10.1.2.3", "alice", "opened by hand"));

        var panel = RenderPanel("door");

        panel.WaitForAssertion(() => Assert.Single(panel.FindAll(".entry-who")), TestTimeouts.Safety);
        Assert.Equal("hub", panel.Find(".entry-source").TextContent);
        Assert.Equal("alice", panel.Find(".entry-principal").TextContent);
        Assert.Equal("10.1.2.3", panel.Find(".entry-remote").TextContent);
        Assert.Equal("opened by hand", panel.Find(".entry-note").TextContent);
        Assert.NotNull(panel.Find(".entry-when").GetAttribute("title"));
    }

    [Fact]
    public void Compare_TwoVersionsTicked_ShowsLineDiffBetweenThem()
    {
        Set("config", "{\"a\": 1, \"b\": 2}");
        Set("config", "{\"a\": 1, \"b\": 3}");
        Set("config", "{\"a\": 9, \"b\": 3}");
        var panel = RenderPanel("config");
        panel.WaitForAssertion(() => Assert.Equal(3, ShownVersions(panel).Count), TestTimeouts.Safety);

        panel.Find("input#pick-1").Change(true);
        panel.Find("input#pick-2").Change(true);

        panel.WaitForAssertion(() => Assert.Equal("1", panel.Find("#compare").GetAttribute("data-old")), TestTimeouts.Safety);
        Assert.Equal("2", panel.Find("#compare").GetAttribute("data-new"));
        Assert.Equal(["\"b\": 2"], panel.FindAll("#compare .diff-removed").Select(e => e.TextContent.Trim()));
        Assert.Equal(["\"b\": 3"], panel.FindAll("#compare .diff-added").Select(e => e.TextContent.Trim()));
        Assert.Contains(panel.FindAll("#compare .diff-same"), e => e.TextContent.Trim() == "\"a\": 1,");
    }

    [Fact]
    public void Revert_Clicked_AsksForConfirmationWithPreviewAndChangesNothingOnCancel()
    {
        Set("mode", "\"eco\"");
        Set("mode", "\"turbo\"");
        var (dialogs, panel) = RenderWithDialogs("mode");
        panel.WaitForAssertion(() => Assert.Equal(2, ShownVersions(panel).Count), TestTimeouts.Safety);

        panel.Find("#revert-1").Click();

        dialogs.WaitForAssertion(() => Assert.Equal("1", dialogs.Find("#revert-dialog").GetAttribute("data-version")), TestTimeouts.Safety);
        Assert.Equal(["\"turbo\""], dialogs.FindAll("#revert-dialog .diff-removed").Select(e => e.TextContent.Trim()));
        Assert.Equal(["\"eco\""], dialogs.FindAll("#revert-dialog .diff-added").Select(e => e.TextContent.Trim()));
        Assert.Equal(2, Registry.GetVersion("mode"));

        dialogs.Find("#revert-cancel").Click();

        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll("#revert-dialog")), TestTimeouts.Safety);
        Assert.Equal(2, Registry.GetVersion("mode"));
        Assert.Empty(panel.FindAll("#revert-result"));
    }

    [Fact]
    public void Revert_Confirmed_SetsThatValueRecordedAsRevertFromUi()
    {
        Set("mode", "\"eco\"");
        Set("mode", "\"turbo\"");
        Set("mode", "\"off\"");
        var (dialogs, panel) = RenderWithDialogs("mode");
        panel.WaitForAssertion(() => Assert.Equal(3, ShownVersions(panel).Count), TestTimeouts.Safety);

        panel.Find("#revert-1").Click();
        dialogs.WaitForElement("#revert-confirm", TestTimeouts.Safety).Click();

        panel.WaitForAssertion(() => Assert.Equal("reverted", panel.Find("#revert-result").GetAttribute("data-kind")), TestTimeouts.Safety);
        var newest = Registry.GetHistory("mode", 1)!.Entries[0];
        Assert.Equal(4, newest.Version);
        Assert.Equal("eco", newest.Value.GetString());
        Assert.Equal(SetSource.Ui, newest.Source);
        Assert.Equal("revert of v1", newest.Note);
        panel.WaitForAssertion(() => Assert.Equal(4L, ShownVersions(panel)[0]), TestTimeouts.Safety);
        Assert.Equal("revert of v1", panel.Find(".entry-note[data-version='4']").TextContent);
    }

    [Fact]
    public void Revert_ValueChangedWhileConfirming_ReportsConflictAndRevertsNothing()
    {
        Set("mode", "\"eco\"");
        Set("mode", "\"turbo\"");
        var (dialogs, panel) = RenderWithDialogs("mode");
        panel.WaitForAssertion(() => Assert.Equal(2, ShownVersions(panel).Count), TestTimeouts.Safety);
        panel.Find("#revert-1").Click();
        var confirm = dialogs.WaitForElement("#revert-confirm", TestTimeouts.Safety);

        Set("mode", "\"manual\"");
        confirm.Click();

        panel.WaitForAssertion(() => Assert.Equal("conflict", panel.Find("#revert-result").GetAttribute("data-kind")), TestTimeouts.Safety);
        Assert.Contains("nothing was reverted", panel.Find("#revert-result").TextContent, StringComparison.Ordinal);
        var newest = Registry.GetHistory("mode", 1)!.Entries[0];
        Assert.Equal(3, newest.Version);
        Assert.Equal("manual", newest.Value.GetString());
        Assert.Null(newest.Note);
    }

    [Fact]
    public void Chart_NumericValues_ShowsLineChartOfThem()
    {
        Set("temperature", "20.5");
        Set("temperature", "21");
        Set("temperature", "19.25");

        var panel = RenderPanel("temperature");

        panel.WaitForAssertion(() => Assert.Equal("3", panel.Find("#history-chart").GetAttribute("data-points")), TestTimeouts.Safety);
        Assert.Equal("min 19.25 · max 21", panel.Find("#chart-range").TextContent);
        Assert.NotEmpty(panel.FindAll("#history-chart svg"));
    }

    [Fact]
    public void Chart_ObjectValues_ShowsNoChart()
    {
        Set("settings", "{\"level\": 1}");
        Set("settings", "{\"level\": 2}");

        var panel = RenderPanel("settings");

        panel.WaitForAssertion(() => Assert.Equal(2, ShownVersions(panel).Count), TestTimeouts.Safety);
        Assert.Empty(panel.FindAll("#history-chart"));
    }

    [Fact]
    public void Render_DeletedEntry_ShowsDeletedAndOffersNoRevertToIt()
    {
        Set("session", "\"a\"");
        Registry.Delete("session", SetSource.Http, "10.0.0.9");
        Set("session", "\"b\"");

        var panel = RenderPanel("session");

        panel.WaitForAssertion(() => Assert.Equal([3L, 2L, 1L], ShownVersions(panel)), TestTimeouts.Safety);
        Assert.Single(panel.FindAll(".entry-deleted"));
        Assert.Empty(panel.FindAll("#revert-2"));
        Assert.Single(panel.FindAll("#revert-1"));
        Assert.DoesNotContain("deleted", panel.FindAll(".entry-preview").Select(e => e.TextContent));
    }

    [Fact]
    public void Version_ParameterChanges_PanelShowsTheNewSet()
    {
        Set("lamp", "false");
        var panel = RenderPanel("lamp");
        panel.WaitForAssertion(() => Assert.Equal([1L], ShownVersions(panel)), TestTimeouts.Safety);

        var version = Set("lamp", "true");
        panel.Render(p => p.Add(x => x.Version, version));

        panel.WaitForAssertion(() => Assert.Equal([2L, 1L], ShownVersions(panel)), TestTimeouts.Safety);
    }

    private static List<long> ShownVersions(IRenderedComponent<HistoryPanel> panel) =>
        [.. panel.FindAll(".entry-version").Select(e => long.Parse(e.GetAttribute("data-version")!, System.Globalization.CultureInfo.InvariantCulture))];

    private IRenderedComponent<HistoryPanel> RenderPanel(string name) =>
        Render<HistoryPanel>(p => p.Add(x => x.Name, name).Add(x => x.Version, Registry.GetVersion(name)));

    private (IRenderedComponent<MudDialogProvider> Dialogs, IRenderedComponent<HistoryPanel> Panel) RenderWithDialogs(string name)
    {
        Render<MudPopoverProvider>();
        var dialogs = Render<MudDialogProvider>();
        return (dialogs, RenderPanel(name));
    }

    private void SetAs(string name, string json, SetOrigin origin) =>
        Assert.True(Registry.SetAsync(name, Encoding.UTF8.GetBytes(json), origin).Within().GetAwaiter().GetResult().Succeeded);
}
