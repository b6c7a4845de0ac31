using Bunit;
using EventDashboard.Tests.Unit.TestSupport;
using EventDashboard.Web.Auth;
using ValueListPage = EventDashboard.Web.Dashboard.Pages.ValueList.ValueList;

namespace EventDashboard.Tests.Unit.Web.Dashboard.Pages.ValueList;

/// <summary>The list for principals other than open access's Operator.</summary>
public sealed class ValueListAccessTests : DashboardContext
{
    [Fact]
    public void Render_Viewer_ListsEveryValueWithoutCreateOrClone()
    {
        SignInWithKey("viewer", AccessRole.Viewer);
        Set("a.one", "1");
        Set("b.two", "2");

        var page = Render<ValueListPage>();

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-name]").Select(e => e.GetAttribute("data-name")).Distinct().Count()), TestTimeouts.Safety);
        Assert.Empty(page.FindAll("#create-value"));
        Assert.Empty(page.FindAll(".clone-value"));
        Assert.NotEmpty(page.FindAll(".copy-value"));
    }

    [Fact]
    public void Render_ScopedKey_ListsOnlyNamesUnderItsPrefixesAndFollowsNewOnes()
    {
        SignInWithKey("team-ops", AccessRole.Operator, "team.");
        Set("team.a", "1");
        Set("other.b", "2");
        var page = Render<ValueListPage>();

        Set("team.c", "3");
        Set("other.d", "4");

        page.WaitForAssertion(() => Assert.Equal(["team.a", "team.c"], Names(page)), TestTimeouts.Safety);
        Assert.NotNull(page.Find("#create-value"));
    }

    [Fact]
    public void Render_Viewer_EmptyStore_OffersNoCreateButton()
    {
        SignInWithKey("viewer", AccessRole.Viewer);

        var page = Render<ValueListPage>();

        Assert.NotNull(page.Find("#empty-state"));
        Assert.Empty(page.FindAll("#empty-create"));
    }

    private static string[] Names(IRenderedComponent<ValueListPage> page) =>
        [.. page.FindAll("a[data-name]").Select(e => e.GetAttribute("data-name")!).Order(StringComparer.Ordinal)];
}
