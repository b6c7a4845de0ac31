using System.Globalization;
using EventDashboard.Tests.E2E.Infrastructure;
using Microsoft.Playwright;
using static EventDashboard.Tests.E2E.Dashboard.DashboardPage;
using static Microsoft.Playwright.Assertions;

namespace EventDashboard.Tests.E2E.Dashboard;

[Collection(SharedApp.Name)]
public sealed class ListPageTests(DashboardFixture fixture)
{
    [Fact]
    public async Task HttpSetCreateDelete_ListOpen_VersionCountAndRowsFollowWithoutReload()
    {
        // The names share a prefix no other test uses, so the filter keeps their rows in the virtualized grid's view.
        var prefix = DashboardFixture.UniqueName("e2e-list");
        var changed = prefix + "-changed";
        var created = prefix + "-created";
        for (var i = 0; i < 4; i++)
        {
            await fixture.PutAsync(changed, $$"""{"step":{{i}}}""");
        }

        var (page, errors) = await fixture.OpenInteractiveAsync("/");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Values");
        await Filter(page).FillAsync(prefix);
        var row = ValueRow(page, changed);
        await Expect(VersionCell(row, 4)).ToBeVisibleAsync();
        await Expect(ValueLink(page, created)).ToHaveCountAsync(0);
        await MarkDocumentAsync(page);
        var count = await ValueCountAsync(page);

        // A change: the row shows the new version.
        await fixture.PutAsync(changed, """{"step":4}""");
        await Expect(VersionCell(row, 5)).ToBeVisibleAsync(new() { Timeout = Live.Timeout });

        // A new value: its row appears and the count goes up.
        await fixture.PutAsync(created, "\"new\"");
        await Expect(ValueLink(page, created)).ToBeVisibleAsync(new() { Timeout = Live.Timeout });
        await Expect(page.Locator("#value-count")).ToHaveTextAsync(CountText(count + 1), Live);
        await DashboardFixture.ScreenshotAsync(page, "list-live");

        // A deletion: its row goes and the count goes down again.
        await fixture.DeleteAsync(created);
        await Expect(ValueLink(page, created)).ToHaveCountAsync(0, new() { Timeout = Live.Timeout });
        await Expect(page.Locator("#value-count")).ToHaveTextAsync(CountText(count), Live);
        await Expect(ValueLink(page, changed)).ToBeVisibleAsync();

        await AssertNotReloadedAsync(page);
        errors.AssertNone(fixture.App.Output);
        await page.Context.CloseAsync();
    }

    // The grid's cell whose whole text is the version: a version is the only small number in a fresh row (its
    // watchers are 0, its update time is relative text).
    private static ILocator VersionCell(ILocator row, long version) =>
        row.GetByRole(AriaRole.Cell, new() { Name = version.ToString(CultureInfo.InvariantCulture), Exact = true });
}
