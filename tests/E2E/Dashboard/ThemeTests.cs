using EventDashboard.Tests.E2E.Infrastructure;
using Microsoft.Playwright;
using static EventDashboard.Tests.E2E.Dashboard.DashboardPage;
using static Microsoft.Playwright.Assertions;

namespace EventDashboard.Tests.E2E.Dashboard;

[Collection(SharedApp.Name)]
public sealed class ThemeTests(DashboardFixture fixture)
{
    [Fact]
    public async Task ChooseDark_SystemLight_PageTurnsDarkStaysDarkAfterReloadAndFollowsSystemAgain()
    {
        // The system says light, so the page starts light (the default follows the system).
        var (page, errors) = await fixture.OpenInteractiveAsync("/", new BrowserNewContextOptions { ColorScheme = ColorScheme.Light });
        Assert.True(await BackgroundLuminanceAsync(page) > 0.5, "the page should start light");

        await ChooseThemeAsync(page, "dark");

        await WaitForBackgroundAsync(page, dark: true);
        await DashboardFixture.ScreenshotAsync(page, "list-dark");

        // Remembered: after a reload (prerendered light at first) the interactive page turns dark again.
        await page.ReloadAsync();
        await BlazorCircuit.WaitUntilInteractiveAsync(page);
        await WaitForBackgroundAsync(page, dark: true);
        await Expect(page.Locator("h1")).ToHaveTextAsync("Values");

        // Following the system again: light, as the system is.
        await ChooseThemeAsync(page, "system");
        await WaitForBackgroundAsync(page, dark: false);
        errors.AssertNone(fixture.App.Output);
        await page.Context.CloseAsync();
    }
}
