using System.Text.Json;
using EventDashboard.Client;
using EventDashboard.Web.Dashboard.Shared;

namespace EventDashboard.Tests.Unit.Web.Dashboard.Shared;

public sealed class HistoryChartTests
{
    private static HistoryEntry[] Entries(params string[] newestFirst) =>
        [.. newestFirst.Select((json, i) => new HistoryEntry(newestFirst.Length - i, JsonDocument.Parse(json).RootElement, ComponentRenderer.Now, "http", null))];

    [Fact]
    public async Task Render_NumericHistory_PolylineWithOnePointPerNumber()
    {
        var document = await ComponentRenderer.RenderAsync<HistoryChart>(new Dictionary<string, object?>
        {
            [nameof(HistoryChart.Entries)] = Entries("30", "\"text\"", "10", "20"),
        });

        var points = document.QuerySelector("svg polyline")!.GetAttribute("points")!.Split(' ');

        // Oldest (20) on the left, newest (30) on the right and at the top; the string is skipped.
        Assert.Equal(["0,60", "300,120", "600,0"], points);
        Assert.Contains("min 10 · max 30", document.QuerySelector("figcaption")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("3 Sets", document.QuerySelector("svg")!.GetAttribute("aria-label"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Render_FewerThanTwoNumbers_RendersNothing()
    {
        var document = await ComponentRenderer.RenderAsync<HistoryChart>(new Dictionary<string, object?>
        {
            [nameof(HistoryChart.Entries)] = Entries("{\"a\":1}", "5"),
        });

        Assert.Null(document.QuerySelector("svg"));
    }
}
