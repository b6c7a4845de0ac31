using EventDashboard.Tests.E2E.Infrastructure;
using static EventDashboard.Tests.E2E.Dashboard.DashboardPage;
using static Microsoft.Playwright.Assertions;

namespace EventDashboard.Tests.E2E.Dashboard;

[Collection(SharedApp.Name)]
public sealed class ValuePageTests(DashboardFixture fixture)
{
    [Fact]
    public async Task HttpSetThenDelete_ValuePageOpen_ValueVersionAndDeletionShowWithoutReload()
    {
        var name = DashboardFixture.UniqueName("e2e-value");
        await fixture.PutAsync(name, """{"level":1}""");
        var (page, errors) = await fixture.OpenInteractiveAsync($"/values/{name}");
        await Expect(page.Locator("#value-name")).ToHaveTextAsync(name);
        await Expect(page.Locator("#version")).ToHaveTextAsync("1");
        await Expect(page.Locator("#value")).ToHaveTextAsync("{\n  \"level\": 1\n}");
        await Expect(page.Locator("#watchers")).ToBeVisibleAsync();
        await Expect(page.Locator("#updated")).ToBeVisibleAsync();
        await MarkDocumentAsync(page);

        await fixture.PutAsync(name, """{"level":2,"note":"set over HTTP"}""");

        await Expect(page.Locator("#version")).ToHaveTextAsync("2", Live);
        await Expect(page.Locator("#value")).ToHaveTextAsync("{\n  \"level\": 2,\n  \"note\": \"set over HTTP\"\n}", Live);
        await DashboardFixture.ScreenshotAsync(page, "value-live");

        await fixture.DeleteAsync(name);

        await Expect(page.Locator("#deleted")).ToBeVisibleAsync(new() { Timeout = Live.Timeout });
        await DashboardFixture.ScreenshotAsync(page, "value-deleted");
        await AssertNotReloadedAsync(page);
        errors.AssertNone(fixture.App.Output);
        await page.Context.CloseAsync();
    }
}
