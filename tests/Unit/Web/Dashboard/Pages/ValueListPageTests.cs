using EventDashboard.Tests.Unit.TestSupport;
using System.Net;

namespace EventDashboard.Tests.Unit.Web.Dashboard.Pages;

public sealed class ValueListPageTests : IDisposable
{
    private readonly DashboardApp _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Get_Values_RowsSortedByNameWithPreviewAndScripts()
    {
        _app.Set("b.second", "{\"x\": [1, 2]}");
        _app.Set("a.first", "true");

        var (response, page) = await _app.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["a.first", "b.second"], page.QuerySelectorAll("#values tbody tr").Select(r => r.GetAttribute("data-name")));
        Assert.Equal("{\"x\":[1,2]}", page.QuerySelector("tr[data-name='b.second'] [data-field=preview]")!.TextContent);
        Assert.Equal("2 values", page.QuerySelector("#value-count")!.TextContent);
        Assert.NotNull(page.QuerySelector("script[src='lib/signalr/signalr.min.js']"));
        Assert.NotNull(page.QuerySelector("script[type=module][src='dashboard/ValueList.js']"));
    }

    [Fact]
    public async Task Get_Filter_OnlyMatchingNamesIgnoringCase()
    {
        _app.Set("pump.pressure", "1");
        _app.Set("fan.speed", "2");

        var (_, page) = await _app.GetAsync("/?q=PUMP");

        Assert.Equal(["pump.pressure"], page.QuerySelectorAll("#values tbody tr").Select(r => r.GetAttribute("data-name")));
        Assert.Equal("PUMP", page.QuerySelector("#filter")!.GetAttribute("value"));
    }

    [Fact]
    public async Task Get_NoValues_SaysHowToCreateOne()
    {
        var (_, page) = await _app.GetAsync("/");

        var empty = page.QuerySelector("#no-values")!;
        Assert.False(empty.HasAttribute("hidden"));
        Assert.Contains("No values yet", empty.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_CreateLinked_CreateFormOpenWithTheName()
    {
        var (_, page) = await _app.GetAsync("/?create=door.open");

        Assert.True(page.QuerySelector("#create")!.HasAttribute("open"));
        Assert.Equal("door.open", page.QuerySelector("#create-name")!.GetAttribute("value"));
    }

    [Fact]
    public async Task PostCreate_NewName_RedirectsToDetailsAndRecordsSourceUi()
    {
        var (response, _) = await _app.SubmitAsync("/", "create", new Dictionary<string, string>
        {
            ["Create.Name"] = "door.open",
            ["Create.Value"] = "false",
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.EndsWith("/values/door.open?saved=1", response.Headers.Location!.ToString(), StringComparison.Ordinal);
        var entry = Assert.Single(_app.Registry.GetHistory("door.open", 10)!.Entries);
        Assert.Equal("ui", entry.Source);
        Assert.Equal("false", entry.Value.GetRawText());
    }

    [Fact]
    public async Task PostCreate_ExistingName_ErrorKeepsInputAndChangesNothing()
    {
        _app.Set("door.open", "true");

        var (response, page) = await _app.SubmitAsync("/", "create", new Dictionary<string, string>
        {
            ["Create.Name"] = "door.open",
            ["Create.Value"] = "false",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("already exists", page.QuerySelector("#create [data-error]")!.TextContent, StringComparison.Ordinal);
        Assert.True(page.QuerySelector("#create")!.HasAttribute("open"));
        Assert.Equal("false", page.QuerySelector("#create-value")!.TextContent);
        Assert.Equal(1, _app.Registry.Get("door.open")!.Version);
    }

    [Theory]
    [InlineData("bad name", "false", "not a valid value name")]
    [InlineData("ok.name", "{oops", "not valid JSON")]
    public async Task PostCreate_InvalidInput_ClearErrorAndNothingCreated(string name, string json, string error)
    {
        var (_, page) = await _app.SubmitAsync("/", "create", new Dictionary<string, string>
        {
            ["Create.Name"] = name,
            ["Create.Value"] = json,
        });

        Assert.Contains(error, page.QuerySelector("#create [data-error]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(0, _app.Registry.Count);
    }

    [Fact]
    public async Task Post_WithoutAntiforgeryToken_RejectedWithExplanationAndNothingCreated()
    {
        using var content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "create",
            ["Create.Name"] = "forged",
            ["Create.Value"] = "1",
        });

        using var response = await _app.Client.PostAsync(new Uri("/", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("The form was not accepted", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Null(_app.Registry.Get("forged"));
    }

    [Theory]
    [InlineData("/lib/signalr/signalr.min.js", "text/javascript")]
    [InlineData("/dashboard/site.css", "text/css")]
    [InlineData("/dashboard/ValueDetails.js", "text/javascript")]
    public async Task Get_WebRootFile_ServedFromTheCopiedWebRoot(string path, string contentType)
    {
        using var response = await _app.Client.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(contentType, response.Content.Headers.ContentType!.MediaType);
    }
}
