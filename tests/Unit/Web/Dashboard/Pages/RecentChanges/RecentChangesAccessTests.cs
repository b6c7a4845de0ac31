using Bunit;
using EventDashboard.Tests.Unit.TestSupport;
using EventDashboard.Web.Auth;
using RecentChangesPage = EventDashboard.Web.Dashboard.Pages.RecentChanges.RecentChanges;

namespace EventDashboard.Tests.Unit.Web.Dashboard.Pages.RecentChanges;

/// <summary>Recent changes for a key limited to prefixes: only the Sets it may read.</summary>
public sealed class RecentChangesAccessTests : DashboardContext
{
    [Fact]
    public void Render_ScopedKey_ShowsOnlySetsUnderItsPrefixes()
    {
        SignInWithKey("team-viewer", AccessRole.Viewer, "team.");
        Set("team.a", "1");
        Set("other.b", "2");
        Set("team.c", "3");

        var page = Render<RecentChangesPage>();

        page.WaitForAssertion(() => Assert.Contains("team.c", page.Markup, StringComparison.Ordinal), TestTimeouts.Safety);
        Assert.Contains("team.a", page.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain("other.b", page.Markup, StringComparison.Ordinal);
    }
}
