using EventDashboard.Web.Dashboard.Shared;

namespace EventDashboard.Tests.Unit.Web.Dashboard.Shared;

public sealed class ConnectionIndicatorTests
{
    [Fact]
    public async Task Render_WithoutScript_SaysNotLiveAndIsAStatusRegion()
    {
        var document = await ComponentRenderer.RenderAsync<ConnectionIndicator>(new Dictionary<string, object?>());

        var indicator = document.QuerySelector("#connection")!;
        Assert.Equal("static", indicator.GetAttribute("data-state"));
        Assert.Equal("status", indicator.GetAttribute("role"));
        Assert.Equal("polite", indicator.GetAttribute("aria-live"));
        Assert.Equal("Not live", indicator.QuerySelector(".connection-label")!.TextContent);
    }
}
