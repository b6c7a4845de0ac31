using System.Text.Json;
using EventDashboard.Client;
using EventDashboard.Web.Dashboard.Shared;

namespace EventDashboard.Tests.Unit.Web.Dashboard.Shared;

public sealed class HistoryDiffTests
{
    private static readonly HistoryEntry[] Entries =
    [
        new(3, JsonDocument.Parse("{\"a\":1,\"b\":3}").RootElement, ComponentRenderer.Now, "ui", null),
        new(2, JsonDocument.Parse("{\"a\":1,\"b\":2}").RootElement, ComponentRenderer.Now, "http", null),
        new(1, JsonDocument.Parse("{\"a\":0,\"b\":2}").RootElement, ComponentRenderer.Now, "http", null),
    ];

    [Fact]
    public async Task Render_NoVersionsChosen_OffersLastChangeAndShowsNoDiff()
    {
        var document = await ComponentRenderer.RenderAsync<HistoryDiff>(new Dictionary<string, object?>
        {
            [nameof(HistoryDiff.Name)] = "cfg",
            [nameof(HistoryDiff.Entries)] = Entries,
        });

        Assert.Equal("2", document.QuerySelector("#diff-from option[selected]")!.GetAttribute("value"));
        Assert.Equal("3", document.QuerySelector("#diff-to option[selected]")!.GetAttribute("value"));
        Assert.Equal("values/cfg#diff", document.QuerySelector("form")!.GetAttribute("action"));
        Assert.Equal("get", document.QuerySelector("form")!.GetAttribute("method"));
        Assert.Null(document.QuerySelector("pre.diff"));
    }

    [Fact]
    public async Task Render_TwoVersions_MarksRemovedAndAddedLines()
    {
        var document = await ComponentRenderer.RenderAsync<HistoryDiff>(new Dictionary<string, object?>
        {
            [nameof(HistoryDiff.Name)] = "cfg",
            [nameof(HistoryDiff.Entries)] = Entries,
            [nameof(HistoryDiff.From)] = 1L,
            [nameof(HistoryDiff.To)] = 3L,
        });

        Assert.Equal(["-   \"a\": 0,", "-   \"b\": 2"], document.QuerySelectorAll(".diff-removed").Select(e => e.TextContent.TrimEnd('\n')));
        Assert.Equal(["+   \"a\": 1,", "+   \"b\": 3"], document.QuerySelectorAll(".diff-added").Select(e => e.TextContent.TrimEnd('\n')));
        Assert.Equal(2, document.QuerySelectorAll(".diff-same").Length);
    }

    [Fact]
    public async Task Render_VersionNotShown_ExplainsWhy()
    {
        var document = await ComponentRenderer.RenderAsync<HistoryDiff>(new Dictionary<string, object?>
        {
            [nameof(HistoryDiff.Name)] = "cfg",
            [nameof(HistoryDiff.Entries)] = Entries,
            [nameof(HistoryDiff.From)] = 0L,
            [nameof(HistoryDiff.To)] = 3L,
        });

        Assert.Null(document.QuerySelector("pre.diff"));
        Assert.Contains("Version 0 is not among the 3 newest Sets", document.QuerySelector("[role=alert]")!.TextContent, StringComparison.Ordinal);
    }
}
