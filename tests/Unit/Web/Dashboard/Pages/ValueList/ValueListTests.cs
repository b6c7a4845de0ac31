using System.Text.Json;
using Bunit;
using EventDashboard.Protocol;
using EventDashboard.Tests.Unit.TestSupport;
using EventDashboard.Web.Values;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using ValueListPage = EventDashboard.Web.Dashboard.Pages.ValueList.ValueList;

namespace EventDashboard.Tests.Unit.Web.Dashboard.Pages.ValueList;

public sealed class ValueListTests : DashboardContext
{
    [Fact]
    public void Render_TwoValues_ShowsEachWithVersionAndCount()
    {
        Set("b.second", "{\"x\": [1, 2]}");
        Set("a.first", "true");
        Set("a.first", "false");

        var page = Render<ValueListPage>();

        page.WaitForAssertion(() => Assert.Equal(["a.first", "b.second"], Names(page)), TestTimeouts.Safety);
        Assert.Equal("2 values", page.Find("#value-count").TextContent);
        var first = page.Find("a[data-name='a.first']").Closest("tr")!;
        Assert.Equal("false", first.QuerySelector("code.preview")!.TextContent);
        Assert.Equal("2", first.QuerySelector("td[data-label='Version']")!.TextContent.Trim());
        Assert.Equal("values/a.first", page.Find("a[data-name='a.first']").GetAttribute("href"));
        Assert.Empty(page.FindAll("#empty-state"));
    }

    [Fact]
    public void Render_NoValues_ShowsEmptyStateWithCreate()
    {
        var page = Render<ValueListPage>();

        Assert.Equal("0 values", page.Find("#value-count").TextContent);
        Assert.Contains("No values yet", page.Find("#empty-state").TextContent, StringComparison.Ordinal);
        Assert.NotNull(page.Find("#empty-create"));
        Assert.Empty(page.FindAll("#values"));
    }

    [Fact]
    public void Set_AfterRender_PageShowsNewValueWithoutReload()
    {
        var page = Render<ValueListPage>();

        Set("late.arrival", "1");

        page.WaitForAssertion(() => Assert.Equal("1 value", page.Find("#value-count").TextContent), TestTimeouts.Safety);
        page.WaitForAssertion(() => Assert.Equal(["late.arrival"], Names(page)), TestTimeouts.Safety);
        Assert.Empty(page.FindAll("#empty-state"));
    }

    [Fact]
    public void Set_ExistingValueAfterRender_RowShowsNewVersionAndPreview()
    {
        Set("live.value", "1");
        var page = Render<ValueListPage>();

        Set("live.value", "{\"changed\": \"yes\"}");

        page.WaitForAssertion(
            () =>
            {
                var row = page.Find("a[data-name='live.value']").Closest("tr")!;
                Assert.Equal("2", row.QuerySelector("td[data-label='Version']")!.TextContent.Trim());
                Assert.Equal("{\"changed\":\"yes\"}", row.QuerySelector("code.preview")!.TextContent);
            },
            TestTimeouts.Safety);
    }

    [Fact]
    public async Task Render_TimePassesWithoutChanges_UpdatedTimesAreRedrawn()
    {
        Set("quiet.value", "1");
        var clock = new ManualTimeProvider();
        clock.Advance(Registry.Get("quiet.value")!.UpdatedAt - clock.GetUtcNow());
        Services.AddSingleton<TimeProvider>(clock);
        var page = Render<ValueListPage>();
        Assert.Equal("just now", UpdatedText(page, "quiet.value"));

        // Wait for the page's 10-second refresh timer (the live loop's 100 ms pauses come and go beside it).
        while (await clock.Timers.Reader.ReadAsync().AsTask().Within() != TimeSpan.FromSeconds(10))
        {
        }

        clock.Advance(TimeSpan.FromSeconds(10));

        page.WaitForAssertion(() => Assert.Equal("10 s ago", UpdatedText(page, "quiet.value")), TestTimeouts.Safety);
    }

    [Fact]
    public void SortHeader_VersionClickedTwice_OrdersRowsByVersionAscendingThenDescending()
    {
        Set("a.three", "1");
        Set("a.three", "2");
        Set("a.three", "3");
        Set("b.one", "1");
        Set("c.two", "1");
        Set("c.two", "2");
        var page = Render<ValueListPage>();
        Assert.Equal(["a.three", "b.one", "c.two"], Names(page));

        SortHeader(page, "Version").Click();
        page.WaitForAssertion(() => Assert.Equal(["b.one", "c.two", "a.three"], Names(page)), TestTimeouts.Safety);

        SortHeader(page, "Version").Click();
        page.WaitForAssertion(() => Assert.Equal(["a.three", "c.two", "b.one"], Names(page)), TestTimeouts.Safety);
    }

    [Fact]
    public void SortHeader_NameClickedTwice_OrdersRowsByNameDescending()
    {
        Set("b", "1");
        Set("a", "1");
        Set("c", "1");
        var page = Render<ValueListPage>();

        SortHeader(page, "Name").Click();
        SortHeader(page, "Name").Click();

        page.WaitForAssertion(() => Assert.Equal(["c", "b", "a"], Names(page)), TestTimeouts.Safety);
    }

    [Fact]
    public void Filter_ByName_ShowsMatchingRowsOnlyAndTheMatchCount()
    {
        Set("app.db.url", "\"postgres://db\"");
        Set("app.db.pool", "10");
        Set("web.port", "8080");
        var page = Render<ValueListPage>();

        page.Find("#filter").Input("DB.");

        page.WaitForAssertion(() => Assert.Equal(["app.db.pool", "app.db.url"], Names(page)), TestTimeouts.Safety);
        Assert.Equal("3 values", page.Find("#value-count").TextContent);
        Assert.Equal("2 matches", page.Find("#match-count").TextContent);
    }

    [Fact]
    public void Filter_NothingMatches_SaysSo()
    {
        Set("app.name", "\"shop\"");
        var page = Render<ValueListPage>();

        page.Find("#filter").Input("nothing-like-it");

        page.WaitForAssertion(() => Assert.Equal("No value matches the filter.", page.Find("#no-match").TextContent), TestTimeouts.Safety);
        Assert.Empty(Names(page));
    }

    [Fact]
    public void Filter_ValueTextWithToggleOffThenOn_MatchesValuesOnlyWhenOn()
    {
        Set("app.owner", "{\"team\": \"Café Ops\"}");
        Set("app.region", "\"eu-west\"");
        var page = Render<ValueListPage>();

        page.Find("#filter").Input("café");
        page.WaitForAssertion(() => Assert.Empty(Names(page)), TestTimeouts.Safety);

        page.Find("#filter-values").Change(true);

        page.WaitForAssertion(() => Assert.Equal(["app.owner"], Names(page)), TestTimeouts.Safety);
        Assert.Equal("1 match", page.Find("#match-count").TextContent);
    }

    [Fact]
    public void GroupByPrefix_On_ShowsOneFolderPerFirstSegmentWithItsCount()
    {
        Set("app.db.url", "\"postgres://db\"");
        Set("app.db.pool", "10");
        Set("app.name", "\"shop\"");
        Set("web.port", "8080");
        Set("standalone", "true");
        var page = Render<ValueListPage>();

        page.Find("#group-by-prefix").Change(true);

        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll(".folder").Count), TestTimeouts.Safety);
        Assert.Equal("3", FolderCount(page, "app"));
        Assert.Equal("1", FolderCount(page, "web"));
        Assert.Equal("1", FolderCount(page, string.Empty));
        Assert.Contains("(no prefix)", page.Find(".folder[data-folder='']").TextContent, StringComparison.Ordinal);

        // Folders start collapsed; expanding one shows its values.
        Assert.Empty(Names(page));
        page.Find(".folder[data-folder='web']").Closest("td")!.QuerySelector("button.mud-table-row-expander")!.Click();
        page.WaitForAssertion(() => Assert.Equal(["web.port"], Names(page)), TestTimeouts.Safety);
    }

    [Fact]
    public void GroupByPrefix_ExpandedFolderDuringLiveUpdate_StaysExpandedAndCounts()
    {
        Set("web.port", "8080");
        Set("app.name", "\"shop\"");
        var page = Render<ValueListPage>();
        page.Find("#group-by-prefix").Change(true);
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll(".folder").Count), TestTimeouts.Safety);
        page.Find(".folder[data-folder='web']").Closest("td")!.QuerySelector("button.mud-table-row-expander")!.Click();
        page.WaitForAssertion(() => Assert.Equal(["web.port"], Names(page)), TestTimeouts.Safety);

        Set("web.host", "\"example.org\"");

        page.WaitForAssertion(() => Assert.Equal("2", FolderCount(page, "web")), TestTimeouts.Safety);
        Assert.Equal(["web.host", "web.port"], Names(page));
    }

    [Fact]
    public void GroupByPrefix_OnWithFilter_CountsMatchingValuesOnly()
    {
        Set("app.db.url", "\"postgres://db\"");
        Set("app.name", "\"shop\"");
        Set("web.db", "\"cache\"");
        var page = Render<ValueListPage>();

        page.Find("#group-by-prefix").Change(true);
        page.Find("#filter").Input("db");

        page.WaitForAssertion(() => Assert.Equal("1", FolderCount(page, "app")), TestTimeouts.Safety);
        Assert.Equal("1", FolderCount(page, "web"));
    }

    [Fact]
    public void CreateValue_ValidDraft_CreatesVersionOneAndOpensItsPage()
    {
        var (page, dialogs) = RenderWithProviders();

        page.Find("#create-value").Click();
        dialogs.WaitForElement("#create-name", TestTimeouts.Safety).Input("new.flag");
        dialogs.Find("#create-json").Input("{\"on\": true}");
        dialogs.Find("#create-save").Click();

        var navigation = Services.GetRequiredService<NavigationManager>();
        page.WaitForAssertion(() => Assert.EndsWith("/values/new.flag?saved=1", navigation.Uri, StringComparison.Ordinal), TestTimeouts.Safety);
        var created = Registry.Get("new.flag")!;
        Assert.Equal(1, created.Version);
        Assert.True(created.Value.GetProperty("on").GetBoolean());
        Assert.Empty(dialogs.FindAll("#create-name"));
    }

    [Fact]
    public void CreateValue_FromEmptyState_OpensTheDialog()
    {
        var (page, dialogs) = RenderWithProviders();

        page.Find("#empty-create").Click();

        dialogs.WaitForAssertion(() => Assert.Equal("New value", dialogs.Find(".mud-dialog-title").TextContent.Trim()), TestTimeouts.Safety);
    }

    [Fact]
    public void CreateValue_Canceled_SetsNothingAndStaysOnTheList()
    {
        var (page, dialogs) = RenderWithProviders();
        var navigation = Services.GetRequiredService<NavigationManager>();
        var before = navigation.Uri;

        page.Find("#create-value").Click();
        dialogs.WaitForElement("#create-name", TestTimeouts.Safety).Input("never.made");
        dialogs.Find("#create-json").Input("1");
        dialogs.Find("#create-cancel").Click();

        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll("#create-name")), TestTimeouts.Safety);
        Assert.Null(Registry.Get("never.made"));
        Assert.Equal(before, navigation.Uri);
    }

    [Fact]
    public void Clone_Row_OpensTheDialogPrefilledAndRecordsTheCloneInHistory()
    {
        Set("app.config", "{\"retries\": 3, \"name\": \"café\"}");
        Set("app.config", "{\"retries\": 4, \"name\": \"café\"}");
        var (page, dialogs) = RenderWithProviders();

        page.Find("button.clone-value[data-name='app.config']").Click();

        var name = dialogs.WaitForElement("#create-name", TestTimeouts.Safety);
        Assert.Equal("app.config-copy", name.GetAttribute("value"));
        Assert.Equal("Clone app.config", dialogs.Find(".mud-dialog-title").TextContent.Trim());
        var json = dialogs.Find("#create-json").GetAttribute("value")!;
        Assert.Equal("{\n  \"retries\": 4,\n  \"name\": \"café\"\n}", json.ReplaceLineEndings("\n"));

        dialogs.Find("#create-save").Click();

        page.WaitForAssertion(() => Assert.NotNull(Registry.Get("app.config-copy")), TestTimeouts.Safety);
        Assert.Equal(4, Registry.Get("app.config-copy")!.Value.GetProperty("retries").GetInt32());
        var entry = Registry.GetHistory("app.config-copy", 1)!.Entries[0];
        Assert.Equal("clone of app.config v2", entry.Note);
        Assert.Equal(SetSource.Ui, entry.Source);
    }

    [Fact]
    public void CopyName_Clicked_WritesTheNameToTheClipboardAndSaysSo()
    {
        Set("app.name", "\"shop\"");
        JSInterop.SetupVoid("navigator.clipboard.writeText", _ => true).SetVoidResult();
        var (page, _) = RenderWithProviders();
        var snackbars = Render<MudSnackbarProvider>();

        page.Find("button.copy-name[data-name='app.name']").Click();

        page.WaitForAssertion(() => Assert.Equal("app.name", JSInterop.VerifyInvoke("navigator.clipboard.writeText").Arguments[0]), TestTimeouts.Safety);
        snackbars.WaitForAssertion(() => Assert.Contains("Copied the name app.name.", snackbars.Markup, StringComparison.Ordinal), TestTimeouts.Safety);
    }

    [Fact]
    public void CopyValue_Clicked_WritesThePrettyValueToTheClipboard()
    {
        Set("app.limits", "{\"max\":[1,2]}");
        JSInterop.SetupVoid("navigator.clipboard.writeText", _ => true).SetVoidResult();
        var (page, _) = RenderWithProviders();

        page.Find("button.copy-value[data-name='app.limits']").Click();

        page.WaitForAssertion(
            () =>
            {
                var text = (string)JSInterop.VerifyInvoke("navigator.clipboard.writeText").Arguments[0]!;
                Assert.Equal("{\n  \"max\": [\n    1,\n    2\n  ]\n}", text.ReplaceLineEndings("\n"));
            },
            TestTimeouts.Safety);
    }

    [Fact]
    public void CopyName_ClipboardRefused_SaysItCouldNotCopy()
    {
        Set("app.name", "\"shop\"");
        JSInterop.SetupVoid("navigator.clipboard.writeText", _ => true).SetException(new Microsoft.JSInterop.JSException("Document is not focused."));
        var (page, _) = RenderWithProviders();
        var snackbars = Render<MudSnackbarProvider>();

        page.Find("button.copy-name[data-name='app.name']").Click();

        snackbars.WaitForAssertion(() => Assert.Contains("Could not copy the name app.name: Document is not focused.", snackbars.Markup, StringComparison.Ordinal), TestTimeouts.Safety);
    }

    [Fact]
    public void Render_Interactive_RegistersSlashToFocusTheFilter()
    {
        Set("app.name", "\"shop\"");
        var module = JSInterop.SetupModule(ValueListPage.ShortcutModule);
        module.SetupVoid("focusOnSlash", "#filter").SetVoidResult();

        var page = Render<ValueListPage>();

        page.WaitForAssertion(() => module.VerifyInvoke("focusOnSlash"), TestTimeouts.Safety);
        Assert.NotNull(page.Find("input#filter"));
    }

    [Fact]
    public async Task Render_TenThousandValues_CountsThemAllAndRendersOnlyAWindowOfRows()
    {
        // An import loads 10,000 values in one commit; 10,000 Sets would take the test seconds.
        var at = DateTimeOffset.UtcNow;
        var records = Enumerable.Range(0, 10_000).Select(i =>
            new SetRecord(i + 1, $"svc{i % 50:D2}.key{i:D5}", new HistoryEntry(1, JsonSerializer.SerializeToElement(new { n = i }), at, SetSource.Http, Remote: null)));
        await Registry.ImportAsync(records.ToAsyncEnumerable()).Within();

        var page = Render<ValueListPage>();

        Assert.Equal("10,000 values", page.Find("#value-count").TextContent);
        var names = Names(page);
        Assert.NotEmpty(names);
        Assert.True(names.Count < 200, $"The grid rendered {names.Count} rows: it is not virtualized.");
        Assert.Equal("svc00.key00000", names[0]);

        // The page keeps up with a change among the 10,000, and the filter searches all of them.
        Set("svc49.key09999", "\"changed\"");
        page.Find("#filter").Input("key09999");
        page.WaitForAssertion(() => Assert.Equal(["svc49.key09999"], Names(page)), TestTimeouts.Safety);
        page.WaitForAssertion(() => Assert.Equal("\"changed\"", page.Find("code.preview").TextContent), TestTimeouts.Safety);
    }

    private static List<string> Names(IRenderedComponent<ValueListPage> page) =>
        [.. page.FindAll("#values a[data-name]").Select(a => a.GetAttribute("data-name")!)];

    private static AngleSharp.Dom.IElement SortHeader(IRenderedComponent<ValueListPage> page, string title) =>
        page.FindAll("th .sortable-column-header").Single(h => h.TextContent.Trim() == title);

    private static string UpdatedText(IRenderedComponent<ValueListPage> page, string name) =>
        page.Find($"a[data-name='{name}']").Closest("tr")!.QuerySelector("td[data-label='Updated']")!.TextContent.Trim();

    private static string FolderCount(IRenderedComponent<ValueListPage> page, string folder) =>
        page.Find($".folder[data-folder='{folder}'] .folder-count").TextContent.Trim();

    private (IRenderedComponent<ValueListPage> Page, IRenderedComponent<MudDialogProvider> Dialogs) RenderWithProviders()
    {
        Render<MudPopoverProvider>();
        var dialogs = Render<MudDialogProvider>();
        return (Render<ValueListPage>(), dialogs);
    }
}
