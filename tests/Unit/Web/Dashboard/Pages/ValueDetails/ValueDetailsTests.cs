using System.Text.Json;
using AngleSharp.Dom;
using Bunit;
using EventDashboard.Tests.Unit.TestSupport;
using EventDashboard.Web.Values;
using Microsoft.AspNetCore.Components.Web;
using MudBlazor;
using Page = EventDashboard.Web.Dashboard.Pages.ValueDetails.ValueDetails;

namespace EventDashboard.Tests.Unit.Web.Dashboard.Pages.ValueDetails;

public sealed class ValueDetailsTests : DashboardContext
{
    private const string Name = "app.settings";

    [Fact]
    public void Render_TextView_ShowsLargeIntegerExactlyAndAccentUnescaped()
    {
        Set(Name, "{\"big\":12345678901234567890,\"city\":\"Orléans\"}");
        var page = RenderPage();

        Act(page, "#show-text", e => e.Click());

        var text = page.Find("#value").TextContent;
        Assert.Equal("{\n  \"big\": 12345678901234567890,\n  \"city\": \"Orléans\"\n}", text);
        Assert.DoesNotContain("\\u", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_TreeView_ShowsLargeIntegerExactlyAndFolds()
    {
        Set(Name, "{\"big\":12345678901234567890,\"city\":\"é\",\"list\":[1,2]}");
        var page = RenderPage();
        Act(page, "#show-tree", e => e.Click());

        Assert.Contains("12345678901234567890", page.Find("#value-tree [data-path='$.big']").TextContent, StringComparison.Ordinal);
        Assert.Contains("\"é\"", page.Find("#value-tree [data-path='$.city']").TextContent, StringComparison.Ordinal);
        Assert.Contains("1", page.Find("#value-tree [data-path='$.list[0]']").TextContent, StringComparison.Ordinal);

        Act(page, "#value-tree [data-toggle='$.list']", e => e.Click());

        Assert.Empty(page.FindAll("#value-tree [data-path='$.list[0]']"));
        Assert.Contains("2 items", page.Find("#value-tree [data-path='$.list']").TextContent, StringComparison.Ordinal);
        Assert.Equal("false", page.Find("#value-tree [data-toggle='$.list']").GetAttribute("aria-expanded"));
    }

    [Fact]
    public void Set_AfterRender_PageShowsNewVersionWithoutReload()
    {
        Set(Name, "1");
        var page = RenderPage();
        Act(page, "#show-text", e => e.Click());

        Set(Name, "{\"n\": 2}");

        page.WaitForAssertion(() => Assert.Equal("2", page.Find("#version").TextContent), TestTimeouts.Safety);
        Assert.Contains("\"n\": 2", page.Find("#value").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Watchers_OfSeveralKinds_AreShownByKindAndFollowTheCount()
    {
        Set(Name, "1");
        var page = RenderPage();
        page.WaitForAssertion(() => Assert.Equal("1", Kind(page, WatcherKind.Dashboard)?.GetAttribute("data-count")), TestTimeouts.Safety);

        using (Registry.WatchStates(Name, WatcherKind.EventStream))
        using (Registry.WatchStates(Name, WatcherKind.BlockingQuery))
        using (Registry.WatchStates(Name, WatcherKind.BlockingQuery))
        {
            page.WaitForAssertion(() => Assert.Equal("4", page.Find("#watchers").TextContent), TestTimeouts.Safety);
            Assert.Contains("1 event stream", Kind(page, WatcherKind.EventStream)!.TextContent, StringComparison.Ordinal);
            Assert.Contains("2 blocking queries", Kind(page, WatcherKind.BlockingQuery)!.TextContent, StringComparison.Ordinal);
            Assert.Contains("1 dashboard page", Kind(page, WatcherKind.Dashboard)!.TextContent, StringComparison.Ordinal);
        }

        page.WaitForAssertion(() => Assert.Equal("1", page.Find("#watchers").TextContent), TestTimeouts.Safety);
        Assert.Null(Kind(page, WatcherKind.BlockingQuery));
    }

    [Fact]
    public void Save_EditedDraft_MakesNewVersionRecordedFromUi()
    {
        Set(Name, "{\"a\": 1}");
        var page = RenderPage();

        Act(page, "#edit-button", e => e.Click());
        Assert.Contains("\"a\": 1", Draft(page), StringComparison.Ordinal);
        Act(page, "#editor-text", e => e.Input("{\"a\": 2}"));
        Act(page, "#save-button", e => e.Click());

        page.WaitForAssertion(() => Assert.Equal("2", page.Find("#version").TextContent), TestTimeouts.Safety);
        Assert.Empty(page.FindAll("#edit-panel"));
        Assert.Contains("Saved as version 2", page.Find("#notice").TextContent, StringComparison.Ordinal);
        var newest = Registry.GetHistory(Name, 1)!.Entries[0];
        Assert.Equal(SetSource.Ui, newest.Source);
        Assert.Equal(2, newest.Value.GetProperty("a").GetInt32());
    }

    [Fact]
    public void Input_InvalidJson_ShowsLineAndColumnAndSaveSendsNothing()
    {
        Set(Name, "1");
        var page = RenderPage();
        Act(page, "#edit-button", e => e.Click());

        Act(page, "#editor-text", e => e.Input("{\n  \"a\": 1,\n  \"b\": tru\n}"));
        Act(page, "#save-button", e => e.Click());

        var status = page.Find("#editor-status");
        Assert.Equal("false", status.GetAttribute("data-valid"));
        Assert.StartsWith("Line 3, column 11:", status.TextContent.Trim(), StringComparison.Ordinal);
        Assert.Equal(1, Registry.GetVersion(Name));
        Assert.NotEmpty(page.FindAll("#edit-panel"));
    }

    [Fact]
    public void Format_CompactDraft_PrettyPrintsWithoutChangingNumbersOrText()
    {
        Set(Name, "1");
        var page = RenderPage();
        Act(page, "#edit-button", e => e.Click());
        Act(page, "#editor-text", e => e.Input("{\"n\":12345678901234567890,\"x\":1.50,\"s\":\"é😀\",\"e\":[]}"));

        Act(page, "#format-button", e => e.Click());

        Assert.Equal("{\n  \"n\": 12345678901234567890,\n  \"x\": 1.50,\n  \"s\": \"é😀\",\n  \"e\": []\n}", Draft(page));
        Assert.Equal("true", page.Find("#editor-status").GetAttribute("data-valid"));
    }

    [Fact]
    public void NewerVersion_WhileEditing_ShowsBannerWithDiffAndKeepsDraft()
    {
        Set(Name, "{\"a\": 1, \"b\": true}");
        var page = RenderPage();
        Act(page, "#edit-button", e => e.Click());
        var draft = "{\n  \"a\": 5,\n  \"b\": true\n}";
        Act(page, "#editor-text", e => e.Input(draft));

        Set(Name, "{\"a\": 3, \"b\": true}");

        page.WaitForAssertion(() => Assert.Equal("2", page.Find("#conflict").GetAttribute("data-version")), TestTimeouts.Safety);
        Assert.Equal(draft, Draft(page));
        var removed = page.FindAll("#conflict-diff [data-diff='Removed']").Select(e => e.TextContent).ToList();
        var added = page.FindAll("#conflict-diff [data-diff='Added']").Select(e => e.TextContent).ToList();
        Assert.Contains(removed, l => l.Contains("\"a\": 3", StringComparison.Ordinal));
        Assert.Contains(added, l => l.Contains("\"a\": 5", StringComparison.Ordinal));
        Assert.Single(added);
        Assert.Contains("\"a\": 3", page.Find("#conflict-value").TextContent, StringComparison.Ordinal);
        Assert.Equal("2", page.Find("#version").TextContent);
    }

    [Fact]
    public void Save_AfterNewerVersion_ReportsConflictThenReplacesOnPurpose()
    {
        Set(Name, "{\"a\": 1}");
        var page = RenderPage();
        Act(page, "#edit-button", e => e.Click());
        Act(page, "#editor-text", e => e.Input("{\"a\": 5}"));
        Set(Name, "{\"a\": 3}");
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("#conflict")), TestTimeouts.Safety);

        Act(page, "#save-button", e => e.Click());

        page.WaitForAssertion(() => Assert.Contains("Nothing was saved", page.Find("#conflict-text").TextContent, StringComparison.Ordinal), TestTimeouts.Safety);
        Assert.Equal(2, Registry.GetVersion(Name));
        Assert.Equal("{\"a\": 5}", Draft(page));
        Assert.Equal("Save over version 2", page.Find("#save-button").TextContent.Trim());

        Act(page, "#save-button", e => e.Click());

        page.WaitForAssertion(() => Assert.Equal("3", page.Find("#version").TextContent), TestTimeouts.Safety);
        Assert.Equal(5, Registry.Get(Name)!.Value.GetProperty("a").GetInt32());
        Assert.Empty(page.FindAll("#edit-panel"));
    }

    [Fact]
    public void Save_ConflictWithoutBannerYet_KeepsDraftAndShowsNewerValue()
    {
        Set(Name, "{\"a\": 1}");
        var page = RenderPage();
        Act(page, "#edit-button", e => e.Click());
        Act(page, "#editor-text", e => e.Input("{\"a\": 5}"));

        // Saved at once, before or after the page shows the newer version: either way the conflict answer shows it.
        Set(Name, "{\"a\": 3}");
        Act(page, "#save-button", e => e.Click());

        page.WaitForAssertion(() => Assert.Contains("Nothing was saved", page.Find("#conflict-text").TextContent, StringComparison.Ordinal), TestTimeouts.Safety);
        Assert.Equal("2", page.Find("#conflict").GetAttribute("data-version"));
        Assert.Equal("{\"a\": 5}", Draft(page));
        Assert.Equal(2, Registry.GetVersion(Name));
    }

    [Fact]
    public void KeyDown_EscapeInEditor_ClosesWithoutSaving()
    {
        Set(Name, "1");
        var page = RenderPage();
        Act(page, "#edit-button", e => e.Click());
        Act(page, "#editor-text", e => e.Input("2"));

        Act(page, "#editor-text", e => e.KeyDown(new KeyboardEventArgs { Key = "Escape" }));

        Assert.Empty(page.FindAll("#edit-panel"));
        Assert.Equal(1, Registry.GetVersion(Name));
        Assert.NotEmpty(page.FindAll("#edit-button"));
    }

    [Fact]
    public void KeyDown_CtrlEnterInEditor_Saves()
    {
        Set(Name, "1");
        var page = RenderPage();
        Act(page, "#edit-button", e => e.Click());
        Act(page, "#editor-text", e => e.Input("2"));

        Act(page, "#editor-text", e => e.KeyDown(new KeyboardEventArgs { Key = "Enter", CtrlKey = true }));

        page.WaitForAssertion(() => Assert.Equal("2", page.Find("#version").TextContent), TestTimeouts.Safety);
        Assert.Equal(2, Registry.Get(Name)!.Value.GetInt32());
    }

    [Fact]
    public void Delete_AfterTypingTheName_DeletesShownVersionAndShowsIt()
    {
        Set(Name, "1");
        Set(Name, "2");
        var dialogs = Render<MudDialogProvider>();
        var page = RenderPage();

        Act(page, "#delete-button", e => e.Click());
        dialogs.WaitForAssertion(() => Assert.NotEmpty(dialogs.FindAll("#delete-confirm")), TestTimeouts.Safety);
        Assert.True(dialogs.Find("#delete-confirm").HasAttribute("disabled"));
        Act(dialogs, ".mud-dialog input", e => e.Input("app.setting"));
        Assert.True(dialogs.Find("#delete-confirm").HasAttribute("disabled"));
        Act(dialogs, ".mud-dialog input", e => e.Input(Name));
        Assert.False(dialogs.Find("#delete-confirm").HasAttribute("disabled"));
        Assert.Equal(2, Registry.GetVersion(Name));

        Act(dialogs, "#delete-confirm", e => e.Click());

        page.WaitForAssertion(() => Assert.Equal("3", page.Find("#deleted").GetAttribute("data-version")), TestTimeouts.Safety);
        Assert.Contains("deleted at version 3", page.Find("#deleted").TextContent, StringComparison.Ordinal);
        Assert.Null(Registry.Get(Name));
        Assert.Equal(SetSource.Ui, Registry.GetHistory(Name, 1)!.Entries[0].Source);
        Assert.Empty(page.FindAll("#edit-button"));
    }

    [Fact]
    public void Delete_ValueChangedWhileConfirming_DeletesNothing()
    {
        Set(Name, "1");
        var dialogs = Render<MudDialogProvider>();
        var page = RenderPage();
        Act(page, "#delete-button", e => e.Click());
        dialogs.WaitForAssertion(() => Assert.NotEmpty(dialogs.FindAll("#delete-confirm")), TestTimeouts.Safety);

        Set(Name, "2");
        Act(dialogs, ".mud-dialog input", e => e.Input(Name));
        Act(dialogs, "#delete-confirm", e => e.Click());

        page.WaitForAssertion(() => Assert.Contains("Not deleted", page.Find("#problem").TextContent, StringComparison.Ordinal), TestTimeouts.Safety);
        Assert.Equal(2, Registry.Get(Name)!.Version);
    }

    [Fact]
    public void Delete_Cancelled_KeepsValue()
    {
        Set(Name, "1");
        var dialogs = Render<MudDialogProvider>();
        var page = RenderPage();

        Act(page, "#delete-button", e => e.Click());
        dialogs.WaitForAssertion(() => Assert.NotEmpty(dialogs.FindAll("#delete-cancel")), TestTimeouts.Safety);
        Act(dialogs, "#delete-cancel", e => e.Click());

        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll("#delete-confirm")), TestTimeouts.Safety);
        Assert.Equal(1, Registry.GetVersion(Name));
        Assert.Empty(page.FindAll("#deleted"));
    }

    [Fact]
    public void Delete_BySomeoneElse_ShowsLiveAndSetAgainRecreates()
    {
        Set(Name, "1");
        var page = RenderPage();

        Registry.Delete(Name, SetSource.Http, "10.0.0.9");

        page.WaitForAssertion(() => Assert.Contains("was deleted at version 2", page.Find("#deleted").TextContent, StringComparison.Ordinal), TestTimeouts.Safety);
        Assert.Empty(page.FindAll("#value-tree"));
        Assert.Contains("If-Match: \"0\"", Curl(page, "put"), StringComparison.Ordinal);

        Act(page, "#set-again-button", e => e.Click());
        Act(page, "#editor-text", e => e.Input("{\"back\": true}"));
        Act(page, "#save-button", e => e.Click());

        page.WaitForAssertion(() => Assert.Equal("3", page.Find("#version").TextContent), TestTimeouts.Safety);
        Assert.Empty(page.FindAll("#deleted"));
        Assert.True(Registry.Get(Name)!.Value.GetProperty("back").GetBoolean());
    }

    [Fact]
    public void Render_NeverSetName_SaysNotSetYetThenShowsValueWhenSet()
    {
        var page = RenderPage();
        Assert.Contains("has not been set yet", page.Find("#missing").TextContent, StringComparison.Ordinal);
        Assert.Contains("?index=0&wait=30s", Curl(page, "wait"), StringComparison.Ordinal);

        Set(Name, "42");

        page.WaitForAssertion(() => Assert.Equal("1", page.Find("#version").TextContent), TestTimeouts.Safety);
        Assert.Empty(page.FindAll("#missing"));
        Assert.Contains("42", page.Find("#value").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_InvalidName_ShowsError()
    {
        var page = RenderPage("not a name!");

        Assert.Contains("is not a valid value name", page.Find("#invalid-name").TextContent, StringComparison.Ordinal);
        Assert.Empty(page.FindAll("#curl"));
    }

    [Fact]
    public void Render_Value_CurlLinesUseBaseUriAndFollowTheVersion()
    {
        Set(Name, "{\"a\": \"it's\"}");
        var page = RenderPage();

        Assert.Equal("curl -s 'http://localhost/api/values/app.settings'", Curl(page, "get"));
        Assert.Equal("curl -s 'http://localhost/api/values/app.settings?index=1&wait=30s'", Curl(page, "wait"));
        Assert.Equal("curl -sN 'http://localhost/api/values/app.settings/events'", Curl(page, "events"));
        Assert.Equal(
            "curl -s -X PUT 'http://localhost/api/values/app.settings' -H 'Content-Type: application/json' -H 'If-Match: \"1\"' --data-binary '{\"a\":\"it'\\''s\"}'",
            Curl(page, "put"));

        Set(Name, "2");

        page.WaitForAssertion(() => Assert.Contains("index=2&", Curl(page, "wait"), StringComparison.Ordinal), TestTimeouts.Safety);
        Assert.Contains("If-Match: \"2\"", Curl(page, "put"), StringComparison.Ordinal);
    }

    [Fact]
    public void Copy_CurlLine_WritesItToTheClipboard()
    {
        Set(Name, "1");
        var page = RenderPage();

        Act(page, "[data-copy='wait']", e => e.Click());

        var call = Assert.Single(JSInterop.Invocations["navigator.clipboard.writeText"]);
        Assert.Equal(Curl(page, "wait"), call.Arguments[0]);
    }

    // Found and acted on in one dispatch, so a live render in between cannot take the element's handler away.
    private static string Draft(IRenderedComponent<Page> page) => page.Find("#editor-text").GetAttribute("value") ?? string.Empty;

    private static string Curl(IRenderedComponent<Page> page, string kind) => page.Find($"[data-curl-line='{kind}']").TextContent;

    private static IElement? Kind(IRenderedComponent<Page> page, WatcherKind kind) =>
        page.FindAll($"#watchers-by-kind [data-kind='{kind}']") is { Count: > 0 } found ? found[0] : null;

    private IRenderedComponent<Page> RenderPage(string name = Name) => Render<Page>(p => p.Add(c => c.Name, name));
}
