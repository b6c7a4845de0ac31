using EventDashboard.Tests.E2E.Infrastructure;
using static EventDashboard.Tests.E2E.Dashboard.DashboardPage;
using static Microsoft.Playwright.Assertions;

namespace EventDashboard.Tests.E2E.Dashboard;

[Collection(SharedApp.Name)]
public sealed class EditConflictTests(DashboardFixture fixture)
{
    [Fact]
    public async Task SaveInOtherTab_WhileEditing_BannerKeepsDraftThenSecondSaveReplacesNewerVersion()
    {
        var name = DashboardFixture.UniqueName("e2e-conflict");
        await fixture.PutAsync(name, """{"owner":"nobody"}""");
        var (a, errorsA) = await fixture.OpenInteractiveAsync($"/values/{name}");
        var (b, errorsB) = await fixture.OpenInteractiveAsync($"/values/{name}");
        var draftA = "{\n  \"owner\": \"tab A\"\n}";

        // A starts editing; B edits and saves first.
        await a.Locator("#edit-button").ClickAsync();
        await Expect(a.Locator("#edit-base")).ToHaveAttributeAsync("data-version", "1");
        await a.Locator("#editor-text").FillAsync(draftA);
        await b.Locator("#edit-button").ClickAsync();
        await b.Locator("#editor-text").FillAsync("""{"owner":"tab B"}""");
        await b.Locator("#save-button").ClickAsync();
        await Expect(b.Locator("#version")).ToHaveTextAsync("2");
        await Expect(b.Locator("#edit-panel")).ToHaveCountAsync(0);

        // A is told of version 2, with a diff against its draft, which it keeps.
        var conflict = a.Locator("#conflict");
        await Expect(conflict).ToHaveAttributeAsync("data-version", "2", new() { Timeout = Live.Timeout });
        await Expect(a.Locator("#conflict-diff")).ToContainTextAsync("tab B");
        await Expect(a.Locator("#conflict-diff")).ToContainTextAsync("tab A");
        await Expect(a.Locator("#editor-text")).ToHaveValueAsync(draftA);
        await Expect(a.Locator("#version")).ToHaveTextAsync("2");

        // A's first Save is a conflict: nothing is written, and the button now offers to save over version 2.
        await Expect(a.Locator("#save-button")).ToHaveTextAsync("Save");
        await a.Locator("#save-button").ClickAsync();
        await Expect(a.Locator("#save-button")).ToHaveTextAsync("Save over version 2");
        await Expect(a.Locator("#edit-base")).ToHaveAttributeAsync("data-version", "2");
        await Expect(a.Locator("#editor-text")).ToHaveValueAsync(draftA);
        await DashboardFixture.ScreenshotAsync(a, "edit-conflict");
        var afterConflict = await fixture.GetAsync(name);
        Assert.Equal(2, afterConflict.GetProperty("version").GetInt64());
        Assert.Equal("tab B", afterConflict.GetProperty("value").GetProperty("owner").GetString());

        // The second Save replaces version 2 on purpose.
        await a.Locator("#save-button").ClickAsync();
        await Expect(a.Locator("#version")).ToHaveTextAsync("3");
        await Expect(a.Locator("#edit-panel")).ToHaveCountAsync(0);
        await Expect(a.Locator("#notice")).ToContainTextAsync("Saved as version 3");
        await Expect(b.Locator("#version")).ToHaveTextAsync("3", Live);

        var saved = await fixture.GetAsync(name);
        Assert.Equal(3, saved.GetProperty("version").GetInt64());
        Assert.Equal("tab A", saved.GetProperty("value").GetProperty("owner").GetString());
        var newest = (await fixture.GetHistoryAsync(name)).GetProperty("entries")[0];
        Assert.Equal(3, newest.GetProperty("version").GetInt64());
        Assert.Equal("ui", newest.GetProperty("source").GetString());

        errorsA.AssertNone(fixture.App.Output);
        errorsB.AssertNone(fixture.App.Output);
        await a.Context.CloseAsync();
        await b.Context.CloseAsync();
    }
}
