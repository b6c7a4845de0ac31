using Bunit;
using EventDashboard.Tests.Unit.TestSupport;
using EventDashboard.Web.Dashboard.Layout;
using Microsoft.AspNetCore.Components;

namespace EventDashboard.Tests.Unit.Web.Dashboard.Layout;

public sealed class MainLayoutTests : DashboardContext
{
    private static bool IsDark(IRenderedComponent<MainLayout> layout) => layout.Instance.IsDark;

    private IRenderedComponent<MainLayout> RenderLayout() =>
        Render<MainLayout>(p => p.Add(l => l.Body, (RenderFragment)(b => b.AddMarkupContent(0, "<p id='body'>page</p>"))));

    [Fact]
    public void Render_StoredDarkChoice_AppliesDarkThemeAndShowsThePage()
    {
        JSInterop.Setup<string?>("localStorage.getItem", MainLayout.ThemeStorageKey).SetResult("dark");

        var layout = RenderLayout();

        layout.WaitForAssertion(() => Assert.True(IsDark(layout)), TestTimeouts.Safety);
        Assert.Equal("page", layout.Find("#body").TextContent);
    }

    [Fact]
    public void ChooseLight_FromTheMenu_RemembersTheChoiceInTheBrowser()
    {
        JSInterop.Setup<string?>("localStorage.getItem", MainLayout.ThemeStorageKey).SetResult("dark");
        var layout = RenderLayout();
        layout.WaitForAssertion(() => Assert.True(IsDark(layout)), TestTimeouts.Safety);

        layout.Find("#theme-menu button").Click();
        layout.WaitForElement("#theme-light", TestTimeouts.Safety).Click();

        layout.WaitForAssertion(() => Assert.False(IsDark(layout)), TestTimeouts.Safety);
        var stored = Assert.Single(JSInterop.Invocations, i => i.Identifier == "localStorage.setItem");
        Assert.Equal([MainLayout.ThemeStorageKey, "light"], stored.Arguments);
    }

    [Fact]
    public void Render_NoKeysOnLoopback_ShowsTheOpenAccessNotice()
    {
        var layout = RenderLayout();

        Assert.Equal("open access (loopback only)", layout.Find("#open-access-notice").TextContent.Trim());
    }
}
