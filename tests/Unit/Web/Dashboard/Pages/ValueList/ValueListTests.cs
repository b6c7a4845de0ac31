using Bunit;
using EventDashboard.Tests.Unit.TestSupport;

namespace EventDashboard.Tests.Unit.Web.Dashboard.Pages.ValueList;

public sealed class ValueListTests : DashboardContext
{
    [Fact]
    public void Render_TwoValues_ShowsEachWithVersionAndCount()
    {
        Set("b.second", "{\"x\": [1, 2]}");
        Set("a.first", "true");
        Set("a.first", "false");

        var page = Render<EventDashboard.Web.Dashboard.Pages.ValueList.ValueList>();

        page.WaitForAssertion(() => Assert.Contains("a.first", page.Markup, StringComparison.Ordinal), TestTimeouts.Safety);
        Assert.Contains("b.second", page.Markup, StringComparison.Ordinal);
        Assert.Equal("2 values", page.Find("#value-count").TextContent);
    }

    [Fact]
    public void Set_AfterRender_PageShowsNewValueWithoutReload()
    {
        var page = Render<EventDashboard.Web.Dashboard.Pages.ValueList.ValueList>();

        Set("late.arrival", "1");

        page.WaitForAssertion(() => Assert.Equal("1 value", page.Find("#value-count").TextContent), TestTimeouts.Safety);
    }
}
