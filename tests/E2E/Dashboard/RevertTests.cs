using EventDashboard.Tests.E2E.Infrastructure;
using static EventDashboard.Tests.E2E.Dashboard.DashboardPage;
using static Microsoft.Playwright.Assertions;

namespace EventDashboard.Tests.E2E.Dashboard;

[Collection(SharedApp.Name)]
public sealed class RevertTests(DashboardFixture fixture)
{
    [Fact]
    public async Task RevertToV1_FromHistory_PreviewsThenSetsV4WithNote()
    {
        var name = DashboardFixture.UniqueName("e2e-revert");
        for (var step = 1; step <= 3; step++)
        {
            await fixture.PutAsync(name, $$"""{"step":{{step}}}""");
        }

        var (page, errors) = await fixture.OpenInteractiveAsync($"/values/{name}");
        var history = page.Locator("#history-table");
        await Expect(history.Locator(".entry-version[data-version='3']")).ToBeVisibleAsync();
        await Expect(page.Locator("#revert-3")).ToHaveCountAsync(0);

        // The dialog previews the change from the current value to version 1's.
        await page.Locator("#revert-1").ClickAsync();
        // The id is on the dialog's content; its title is beside it.
        var dialog = page.Locator(".mud-dialog").Filter(new() { Has = page.Locator("#revert-dialog") });
        await Expect(page.Locator("#revert-dialog")).ToHaveAttributeAsync("data-version", "1");
        await Expect(dialog).ToContainTextAsync("Revert to version 1?");
        await Expect(page.Locator("#revert-summary")).ToContainTextAsync("as a new version 4 recorded as \"revert of v1\"");
        await Expect(dialog.Locator(".version-diff")).ToHaveAttributeAsync("data-old", "v3 (current)");
        await Expect(dialog.Locator(".version-diff")).ToHaveAttributeAsync("data-new", "v1");
        await Expect(dialog.Locator(".version-diff")).ToContainTextAsync("\"step\": 3");
        await Expect(dialog.Locator(".version-diff")).ToContainTextAsync("\"step\": 1");
        await DashboardFixture.ScreenshotAsync(page, "revert-preview");

        await page.Locator("#revert-confirm").ClickAsync();
        await Expect(dialog).ToHaveCountAsync(0);
        await Expect(page.Locator("#revert-result")).ToHaveAttributeAsync("data-kind", "reverted");
        await Expect(page.Locator("#version")).ToHaveTextAsync("4");
        await Expect(page.Locator("#value")).ToHaveTextAsync("{\n  \"step\": 1\n}");
        await Expect(history.Locator(".entry-note[data-version='4']")).ToHaveTextAsync("revert of v1");

        var value = await fixture.GetAsync(name);
        Assert.Equal(4, value.GetProperty("version").GetInt64());
        Assert.Equal(1, value.GetProperty("value").GetProperty("step").GetInt32());
        var newest = (await fixture.GetHistoryAsync(name)).GetProperty("entries")[0];
        Assert.Equal(4, newest.GetProperty("version").GetInt64());
        Assert.Equal("revert of v1", newest.GetProperty("note").GetString());
        Assert.Equal("ui", newest.GetProperty("source").GetString());

        errors.AssertNone(fixture.App.Output);
        await page.Context.CloseAsync();
    }
}
