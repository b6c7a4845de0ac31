using System.Text.Json;
using EventDashboard.Client;
using EventDashboard.Web.Dashboard.Shared;

namespace EventDashboard.Tests.Unit.Web.Dashboard.Shared;

public sealed class ValueRowTests
{
    [Fact]
    public async Task Render_Snapshot_RowCarriesNameVersionAndFieldsTheScriptUpdates()
    {
        var snapshot = new ValueSnapshot("pump.pressure", 7, JsonDocument.Parse("2.5").RootElement, ComponentRenderer.Now.AddMinutes(-3), 4);

        var document = await ComponentRenderer.RenderAsync<ValueRow>(new Dictionary<string, object?> { [nameof(ValueRow.Snapshot)] = snapshot });

        var row = document.QuerySelector("tr")!;
        Assert.Equal("pump.pressure", row.GetAttribute("data-name"));
        Assert.Equal("7", row.GetAttribute("data-version"));
        Assert.Equal("values/pump.pressure", row.QuerySelector("th a")!.GetAttribute("href"));
        Assert.Equal("2.5", row.QuerySelector("[data-field=preview]")!.TextContent);
        Assert.Equal("7", row.QuerySelector("[data-field=version]")!.TextContent);
        Assert.Equal("4", row.QuerySelector("[data-field=watchers]")!.TextContent);
        var time = row.QuerySelector("[data-field=updated] time[data-relative]")!;
        Assert.Equal("3 min ago", time.TextContent);
        Assert.Equal("2026-11-22T07:57:00.0000000+00:00", time.GetAttribute("datetime"));
    }

    [Fact]
    public async Task Render_LongValue_PreviewCutWithEllipsis()
    {
        var json = JsonSerializer.Serialize(new string('x', 200));
        var snapshot = new ValueSnapshot("long", 1, JsonDocument.Parse(json).RootElement, ComponentRenderer.Now, 0);

        var document = await ComponentRenderer.RenderAsync<ValueRow>(new Dictionary<string, object?> { [nameof(ValueRow.Snapshot)] = snapshot });

        var preview = document.QuerySelector("[data-field=preview]")!.TextContent;
        Assert.Equal(80, preview.Length);
        Assert.EndsWith("…", preview, StringComparison.Ordinal);
    }
}
