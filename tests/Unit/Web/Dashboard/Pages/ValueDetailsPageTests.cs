using EventDashboard.Tests.Unit.TestSupport;
using System.Net;

namespace EventDashboard.Tests.Unit.Web.Dashboard.Pages;

public sealed class ValueDetailsPageTests : IDisposable
{
    private readonly DashboardApp _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Get_Value_PrettyJsonFactsAndEditorHiddenUntilEdit()
    {
        _app.Set("cfg", "{\"a\":1}");

        var (response, page) = await _app.GetAsync("/values/cfg");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("{\n  \"a\": 1\n}", page.QuerySelector("#value")!.TextContent);
        Assert.Equal("1", page.QuerySelector(".facts [data-field=version]")!.TextContent);
        Assert.True(page.QuerySelector("#editor")!.HasAttribute("hidden"));
        Assert.Equal("values/cfg?edit=true", page.QuerySelector("#edit-button")!.GetAttribute("href"));
        Assert.NotNull(page.QuerySelector("script[type=module][src='dashboard/ValueDetails.js']"));
    }

    [Fact]
    public async Task Get_EditRequested_EditorOpenWithValueAndVersion()
    {
        _app.Set("cfg", "[1]");
        _app.Set("cfg", "[1,2]");

        var (_, page) = await _app.GetAsync("/values/cfg?edit=true");

        Assert.False(page.QuerySelector("#editor")!.HasAttribute("hidden"));
        Assert.True(page.QuerySelector("#edit-button")!.HasAttribute("hidden"));
        Assert.Equal("[\n  1,\n  2\n]", page.QuerySelector("#draft")!.TextContent);
        Assert.Equal("2", page.QuerySelector("input[name='Draft.ExpectedVersion']")!.GetAttribute("value"));
    }

    [Fact]
    public async Task Get_NeverSet_NotFoundWithExplanation()
    {
        var (response, page) = await _app.GetAsync("/values/nothing.here");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("No value named nothing.here exists yet", page.QuerySelector("#missing")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("?create=nothing.here#create", page.QuerySelector("#missing a")!.GetAttribute("href"));
    }

    [Fact]
    public async Task Get_InvalidName_BadRequestWithTheNamingRule()
    {
        var (response, page) = await _app.GetAsync("/values/bad%20name");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("is not a valid value name", page.QuerySelector("[role=alert]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("/", page.QuerySelector("[role=alert] a")!.GetAttribute("href"));
        Assert.Equal("Not a value name · EventDashboard", page.Title);
    }

    [Fact]
    public async Task PostSet_ShownVersion_RedirectsWithSavedVersionAndRecordsSourceUi()
    {
        _app.Set("cfg", "1");

        var (response, _) = await _app.SubmitAsync("/values/cfg?edit=true", "set", new Dictionary<string, string> { ["Draft.Value"] = "2" });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.EndsWith("/values/cfg?saved=2", response.Headers.Location!.ToString(), StringComparison.Ordinal);
        var latest = _app.Registry.GetHistory("cfg", 1)!.Entries[0];
        Assert.Equal(("2", "ui"), (latest.Value.GetRawText(), latest.Source));
    }

    [Fact]
    public async Task GetAfterSave_SavedVersion_SaysSaved()
    {
        _app.Set("cfg", "1");

        var (_, page) = await _app.GetAsync("/values/cfg?saved=1");

        Assert.Equal("Saved as version 1.", page.QuerySelector("#saved")!.TextContent);
    }

    [Fact]
    public async Task PostSet_ValueChangedMeanwhile_ConflictShowsNewerValueKeepsDraftAndChangesNothing()
    {
        _app.Set("cfg", "\"first\"");
        var (_, editing) = await _app.GetAsync("/values/cfg?edit=true");
        var token = editing.QuerySelector("#editor input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        _app.Set("cfg", "\"someone else\"");

        // The form still carries version 1, as the operator's open page would.
        using var content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "set",
            ["__RequestVerificationToken"] = token,
            ["Draft.ExpectedVersion"] = "1",
            ["Draft.Value"] = "\"my draft\"",
        });
        var response = await _app.Client.PostAsync(new Uri("/values/cfg", UriKind.Relative), content);
        var page = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("You edited version 1, but it is now version 2", page.QuerySelector("#conflict")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("\"someone else\"", page.QuerySelector("#conflict [data-field=conflict-value]")!.TextContent);
        Assert.Equal("\"my draft\"", page.QuerySelector("#draft")!.TextContent);
        Assert.False(page.QuerySelector("#editor")!.HasAttribute("hidden"));

        // Saving again now would knowingly replace version 2.
        Assert.Equal("2", page.QuerySelector("input[name='Draft.ExpectedVersion']")!.GetAttribute("value"));
        Assert.Equal("\"someone else\"", _app.Registry.Get("cfg")!.Value.GetRawText());
    }

    [Fact]
    public async Task PostSet_InvalidJson_ErrorAndDraftKept()
    {
        _app.Set("cfg", "1");

        var (response, page) = await _app.SubmitAsync("/values/cfg?edit=true", "set", new Dictionary<string, string> { ["Draft.Value"] = "{\"a\":" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("not valid JSON", page.QuerySelector("#editor [data-error]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("{\"a\":", page.QuerySelector("#draft")!.TextContent);
        Assert.Equal(1, _app.Registry.Get("cfg")!.Version);
    }

    [Fact]
    public async Task PostRevert_OlderVersion_SetsItsValueWithSourceUi()
    {
        _app.Set("cfg", "\"good\"");
        _app.Set("cfg", "\"bad\"");

        var (response, _) = await _app.SubmitAsync("/values/cfg", "revert", new Dictionary<string, string> { ["Revert.Version"] = "1" });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var current = _app.Registry.Get("cfg")!;
        Assert.Equal((3, "\"good\""), (current.Version, current.Value.GetRawText()));
        Assert.Equal("ui", _app.Registry.GetHistory("cfg", 1)!.Entries[0].Source);
    }

    [Fact]
    public async Task PostRevert_ValueChangedSincePageLoaded_ExplainsAndChangesNothing()
    {
        _app.Set("cfg", "\"good\"");
        _app.Set("cfg", "\"bad\"");

        var (_, page) = await _app.SubmitAsync("/values/cfg", "revert", new Dictionary<string, string>
        {
            ["Revert.Version"] = "1",
            ["Revert.ExpectedVersion"] = "1",
        });

        Assert.Contains("changed to version 2 after you loaded the page", page.QuerySelector("#history [role=alert]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(2, _app.Registry.Get("cfg")!.Version);
    }

    [Fact]
    public async Task Get_History_TableChartAndDiffForm()
    {
        foreach (var n in new[] { "1", "5", "3" })
        {
            _app.Set("level", n);
        }

        var (_, page) = await _app.GetAsync("/values/level");

        Assert.Equal(["3", "2", "1"], page.QuerySelectorAll("#history tbody tr").Select(r => r.GetAttribute("data-version")));
        Assert.NotNull(page.QuerySelector("#history svg polyline"));
        Assert.NotNull(page.QuerySelector("#history #diff form[method=get]"));
        Assert.Equal("3 retained Sets, from version 1", page.QuerySelector("#history .section-head .muted")!.TextContent);
    }
}
