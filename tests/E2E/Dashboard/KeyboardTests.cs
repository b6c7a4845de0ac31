using EventDashboard.Tests.E2E.Infrastructure;
using Microsoft.Playwright;
using static EventDashboard.Tests.E2E.Dashboard.DashboardPage;
using static Microsoft.Playwright.Assertions;

namespace EventDashboard.Tests.E2E.Dashboard;

[Collection(SharedApp.Name)]
public sealed class KeyboardTests(DashboardFixture fixture)
{
    [Fact]
    public async Task Slash_OnList_FocusesFilter()
    {
        var name = DashboardFixture.UniqueName("e2e-keys");
        await fixture.PutAsync(name, "1");
        var (page, errors) = await fixture.OpenInteractiveAsync("/");
        await Expect(Filter(page)).Not.ToBeFocusedAsync();

        await PressSlashUntilFilterFocusedAsync(page);
        await page.Keyboard.TypeAsync(name);

        // The '/' itself is not typed into the filter, and the typing filters the list.
        await Expect(Filter(page)).ToHaveValueAsync(name);
        await Expect(ValueLink(page, name)).ToBeVisibleAsync();
        await Expect(page.Locator("#values a[data-name]")).ToHaveCountAsync(1);
        errors.AssertNone(fixture.App.Output);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task CtrlEnterAndEscape_InEditor_SaveAndCancel()
    {
        var name = DashboardFixture.UniqueName("e2e-keys");
        await fixture.PutAsync(name, """{"mode":"first"}""");
        var (page, errors) = await fixture.OpenInteractiveAsync($"/values/{name}");
        var editor = page.Locator("#editor-text");

        // Ctrl+Enter saves the draft.
        await page.Locator("#edit-button").ClickAsync();
        await editor.FillAsync("""{"mode":"saved"}""");
        await Expect(page.Locator("#editor-status")).ToHaveAttributeAsync("data-valid", "true");
        await editor.PressAsync("Control+Enter");
        await Expect(page.Locator("#version")).ToHaveTextAsync("2");
        await Expect(editor).ToHaveCountAsync(0);
        await Expect(page.Locator("#value")).ToHaveTextAsync("{\n  \"mode\": \"saved\"\n}");
        var saved = await fixture.GetAsync(name);
        Assert.Equal(2, saved.GetProperty("version").GetInt64());
        Assert.Equal("saved", saved.GetProperty("value").GetProperty("mode").GetString());

        // Esc cancels an edit: the editor closes and nothing is saved.
        await page.Locator("#edit-button").ClickAsync();
        await editor.FillAsync("""{"mode":"cancelled"}""");
        await editor.PressAsync("Escape");
        await Expect(page.Locator("#edit-panel")).ToHaveCountAsync(0);
        await Expect(page.Locator("#edit-button")).ToBeVisibleAsync();
        await Expect(page.Locator("#version")).ToHaveTextAsync("2");
        await Expect(page.Locator("#value")).ToHaveTextAsync("{\n  \"mode\": \"saved\"\n}");
        var unchanged = await fixture.GetAsync(name);
        Assert.Equal(2, unchanged.GetProperty("version").GetInt64());
        Assert.Equal("saved", unchanged.GetProperty("value").GetProperty("mode").GetString());

        errors.AssertNone(fixture.App.Output);
        await page.Context.CloseAsync();
    }

    // The list installs its '/' listener once its script module has loaded, a moment after the page turns
    // interactive; a '/' before that does nothing, so press again until the filter has the focus.
    private static async Task PressSlashUntilFilterFocusedAsync(IPage page)
    {
        for (var attempt = 1; ; attempt++)
        {
            await page.Keyboard.PressAsync("/");
            try
            {
                await Expect(Filter(page)).ToBeFocusedAsync(new() { Timeout = 1000 });
                return;
            }
            catch (PlaywrightException) when (attempt < 10)
            {
                // Not yet listening.
            }
        }
    }
}
