using System.Text.Json;
using Bunit;
using EventDashboard.Web.Dashboard.Shared;

namespace EventDashboard.Tests.Unit.Web.Dashboard.Shared;

public sealed class JsonTreeTests : DashboardContext
{
    [Fact]
    public void Render_LargeArray_ShowsFirstPageThenMoreOnRequest()
    {
        using var document = JsonDocument.Parse("[" + string.Join(',', Enumerable.Range(0, 150)) + "]");

        var tree = Render<JsonTree>(p => p.Add(t => t.Value, document.RootElement));

        Assert.Equal(100, tree.FindAll(".leaf").Count);
        Assert.Equal("Show 50 more of 50", tree.Find("[data-more='$']").TextContent);

        tree.Find("[data-more='$']").Click();

        Assert.Equal(150, tree.FindAll(".leaf").Count);
        Assert.Contains("149", tree.Find("[data-path='$[149]']").TextContent, StringComparison.Ordinal);
        Assert.Empty(tree.FindAll("[data-more]"));
    }

    [Fact]
    public void Render_KeysAndStrings_AreQuotedWithOnlyJsonEscapes()
    {
        using var document = JsonDocument.Parse("{\"naïve \\\"key\\\"\": \"line\\nbreak 😀\", \"empty\": {}}");

        var tree = Render<JsonTree>(p => p.Add(t => t.Value, document.RootElement));

        Assert.Equal("\"naïve \\\"key\\\"\": \"line\\nbreak 😀\"", tree.Find("[data-path='$.naïve \"key\"']").TextContent);
        Assert.Contains("{}", tree.Find("[data-path='$.empty']").TextContent.Replace(" ", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
    }
}
