using System.Text.Json;
using EventDashboard.Client;
using EventDashboard.Web.Dashboard.Shared;

namespace EventDashboard.Tests.Unit.Web.Dashboard.Shared;

public sealed class HistoryTableTests
{
    private static HistoryEntry Entry(long version, string json, string source, string? remote = null) =>
        new(version, JsonDocument.Parse(json).RootElement, ComponentRenderer.Now.AddSeconds(-version), source, remote);

    [Fact]
    public async Task Render_Entries_OneRowPerEntryWithVersionSourceAndPreview()
    {
        var document = await ComponentRenderer.RenderAsync<HistoryTable>(new Dictionary<string, object?>
        {
            [nameof(HistoryTable.Entries)] = new[] { Entry(2, "{\"a\": 2}", "ui", "10.0.0.7"), Entry(1, "1", "http") },
            [nameof(HistoryTable.CurrentVersion)] = 2L,
        });

        var rows = document.QuerySelectorAll("tbody tr");
        Assert.Equal(["2", "1"], rows.Select(r => r.GetAttribute("data-version")));
        Assert.Equal("ui", rows[0].QuerySelector(".source")!.TextContent);
        Assert.Equal("10.0.0.7", rows[0].QuerySelector(".remote")!.TextContent);
        Assert.Null(rows[1].QuerySelector(".remote"));
        Assert.Equal("{\"a\":2}", rows[0].QuerySelector(".preview code")!.TextContent);
        Assert.Equal("2 s ago", rows[0].QuerySelector("time")!.TextContent);
    }

    [Fact]
    public async Task Render_CurrentVersion_HasNoRevertButtonWhileOlderOnesDo()
    {
        var document = await ComponentRenderer.RenderAsync<HistoryTable>(new Dictionary<string, object?>
        {
            [nameof(HistoryTable.Entries)] = new[] { Entry(3, "3", "http"), Entry(2, "2", "http") },
            [nameof(HistoryTable.CurrentVersion)] = 3L,
        });

        Assert.Null(document.QuerySelector("tr[data-version='3'] button"));
        var revert = document.QuerySelector("tr[data-version='2'] button")!;
        Assert.Equal("submit", revert.GetAttribute("type"));
        Assert.Equal("Revert.Version", revert.GetAttribute("name"));
        Assert.Equal("2", revert.GetAttribute("value"));
        Assert.Equal("Revert to version 2", revert.GetAttribute("aria-label"));
    }
}
