using EventDashboard.Tests.E2E.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EventDashboard.Tests.E2E.Dashboard;

[Collection(SharedApp.Name)]
public sealed class DetailPageTests(DashboardFixture fixture)
{
    private static readonly LocatorAssertionsToHaveTextOptions WithinTwoSeconds = new() { Timeout = 2000 };

    [Fact]
    public async Task HttpSet_DetailOpen_ValueAndHistoryUpdateWithoutReload()
    {
        var name = DashboardFixture.UniqueName("e2e-live");
        await fixture.PutAsync(name, "1");
        var (page, errors) = await fixture.OpenRecordingAsync($"/values/{name}");
        await Expect(page.Locator("#connection")).ToHaveAttributeAsync("data-state", "live");

        await fixture.PutAsync(name, "{\"level\":2}");

        await Expect(page.Locator("#value")).ToHaveTextAsync("{\n  \"level\": 2\n}", WithinTwoSeconds);
        await Expect(page.Locator(".facts [data-field=version]")).ToHaveTextAsync("2", WithinTwoSeconds);
        await Expect(page.Locator("#history tr[data-version='2']")).ToBeVisibleAsync();
        Assert.Empty(errors.All);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task LeaveDetail_WhileRefreshFetches_NoConsoleErrors()
    {
        var name = DashboardFixture.UniqueName("e2e-leave");
        await fixture.PutAsync(name, "1");
        var (page, errors) = await fixture.OpenRecordingAsync($"/values/{name}");
        await Expect(page.Locator("#connection")).ToHaveAttributeAsync("data-state", "live");

        // The page fetches a fresh copy of itself after a push; holding that request keeps the fetch in flight
        // while the operator leaves. The handler returns at once: Playwright runs handlers one at a time.
        var refresh = new TaskCompletionSource<IRoute>(TaskCreationOptions.RunContinuationsAsynchronously);
        await page.RouteAsync($"**/values/{name}", route =>
            route.Request.ResourceType == "fetch" && refresh.TrySetResult(route) ? Task.CompletedTask : route.ContinueAsync());
        await fixture.PutAsync(name, "2");
        var held = await refresh.Task.WaitAsync(TimeSpan.FromSeconds(30));

        await page.Locator(".crumbs a").ClickAsync();
        await Expect(page.Locator("#values")).ToBeVisibleAsync();
        await Expect(page.Locator("#connection")).ToHaveAttributeAsync("data-state", "live");
        try
        {
            await held.ContinueAsync();
        }
        catch (PlaywrightException)
        {
            // The request went away with the page it belonged to.
        }

        // The browser cancels the fetch in the task that hides the page, so the detail page's error, if it logs
        // one, is stored right after its pagehide marker, before the list page even started.
        var stored = await ConsoleErrors.StoredAsync(page);
        Assert.Equal([$"pagehide /values/{name}"], stored);
        Assert.Empty(errors.All);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task LongName_DetailOpen_PageDoesNotScrollSideways()
    {
        var prefix = DashboardFixture.UniqueName("e2e-long");
        var name = prefix + new string('n', 128 - prefix.Length);
        await fixture.PutAsync(name, "1");
        var page = await fixture.OpenAsync($"/values/{name}", new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 800, Height = 900 } });

        // The breadcrumb repeats the name; without a break it ran past the right edge of the window.
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");

        Assert.Equal(0, overflow);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Edit_WithKeyboard_SavedValueVisibleThroughApiWithSourceUi()
    {
        var name = DashboardFixture.UniqueName("e2e-edit");
        await fixture.PutAsync(name, "{\"mode\":\"auto\"}");
        var page = await fixture.OpenAsync($"/values/{name}");
        await Expect(page.Locator("#editor")).ToBeHiddenAsync();

        await page.Locator("#edit-button").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("#draft")).ToBeFocusedAsync();
        await page.Locator("#draft").FillAsync("{\"mode\":\"manual\"}");
        await page.Keyboard.PressAsync("Control+Enter");

        await Expect(page.Locator("#saved")).ToHaveTextAsync("Saved as version 2.");
        var snapshot = await fixture.GetAsync(name);
        Assert.Equal(2, snapshot.GetProperty("version").GetInt64());
        Assert.Equal("manual", snapshot.GetProperty("value").GetProperty("mode").GetString());
        var latest = (await fixture.GetHistoryAsync(name)).GetProperty("entries")[0];
        Assert.Equal("ui", latest.GetProperty("source").GetString());
        Assert.Equal("127.0.0.1", latest.GetProperty("remote").GetString());
        await Expect(page.Locator("#history tr[data-version='2'] .remote")).ToHaveTextAsync("127.0.0.1");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Save_ValueChangedMeanwhile_ConflictShowsNewerValueAndKeepsDraft()
    {
        var name = DashboardFixture.UniqueName("e2e-cas");
        await fixture.PutAsync(name, "{\"owner\":\"first\"}");
        var page = await fixture.OpenAsync($"/values/{name}");
        await page.Locator("#edit-button").ClickAsync();
        const string draft = "{\"owner\":\"my draft\"}";
        await page.Locator("#draft").FillAsync(draft);

        await fixture.PutAsync(name, "{\"owner\":\"someone else\"}");
        await Expect(page.Locator("#stale")).ToContainTextAsync("changed this value to version 2 while you were editing");
        await page.Locator("#editor button[type=submit]").ClickAsync();

        await Expect(page.Locator("#conflict")).ToContainTextAsync("Someone else changed this value");
        await Expect(page.Locator("#conflict [data-field=conflict-value]")).ToContainTextAsync("someone else");
        await Expect(page.Locator("#draft")).ToHaveValueAsync(draft);
        await page.ScreenshotAsync(new() { Path = Path.Combine(DashboardFixture.ArtifactsDirectory, "detail-conflict.png"), FullPage = true });
        var snapshot = await fixture.GetAsync(name);
        Assert.Equal("someone else", snapshot.GetProperty("value").GetProperty("owner").GetString());
        Assert.Equal(2, snapshot.GetProperty("version").GetInt64());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Save_InvalidJson_ErrorShownAndNothingSent()
    {
        var name = DashboardFixture.UniqueName("e2e-json");
        await fixture.PutAsync(name, "[1,2]");
        var page = await fixture.OpenAsync($"/values/{name}");
        await page.Locator("#edit-button").ClickAsync();

        await page.Locator("#draft").FillAsync("[1,2,");
        await page.Locator("#editor button[type=submit]").ClickAsync();

        await Expect(page.Locator("#editor [data-error]")).ToContainTextAsync("not valid JSON");
        await Expect(page.Locator("#draft")).ToHaveAttributeAsync("aria-invalid", "true");
        Assert.Equal(1, (await fixture.GetAsync(name)).GetProperty("version").GetInt64());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Format_ValidDraft_IndentedWithoutRoundingBigNumbers()
    {
        var name = DashboardFixture.UniqueName("e2e-format");
        await fixture.PutAsync(name, "0");
        var page = await fixture.OpenAsync($"/values/{name}");
        await page.Locator("#edit-button").ClickAsync();

        await page.Locator("#draft").FillAsync("{\"id\":12345678901234567890,\"tags\":[\"a\"],\"meta\":{}}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Format JSON" }).ClickAsync();

        await Expect(page.Locator("#draft")).ToHaveValueAsync("{\n  \"id\": 12345678901234567890,\n  \"tags\": [\n    \"a\"\n  ],\n  \"meta\": {}\n}");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Revert_OlderVersion_SetsItsValueAgain()
    {
        var name = DashboardFixture.UniqueName("e2e-revert");
        await fixture.PutAsync(name, "\"good\"");
        await fixture.PutAsync(name, "\"bad\"");
        var page = await fixture.OpenAsync($"/values/{name}");

        await page.GetByRole(AriaRole.Button, new() { Name = "Revert to version 1" }).ClickAsync();

        await Expect(page.Locator("#saved")).ToHaveTextAsync("Saved as version 3.");
        var snapshot = await fixture.GetAsync(name);
        Assert.Equal("good", snapshot.GetProperty("value").GetString());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Diff_TwoVersions_ShowsRemovedAndAddedLines()
    {
        var name = DashboardFixture.UniqueName("e2e-diff");
        await fixture.PutAsync(name, "{\"a\":1,\"b\":2}");
        await fixture.PutAsync(name, "{\"a\":1,\"b\":3}");
        var page = await fixture.OpenAsync($"/values/{name}");

        await page.Locator("#diff-from").SelectOptionAsync("1");
        await page.Locator("#diff-to").SelectOptionAsync("2");
        await page.GetByRole(AriaRole.Button, new() { Name = "Compare" }).ClickAsync();

        await Expect(page.Locator(".diff-removed")).ToHaveTextAsync("-   \"b\": 2");
        await Expect(page.Locator(".diff-added")).ToHaveTextAsync("+   \"b\": 3");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Edit_JavaScriptOff_FormPostSavesWithSourceUi()
    {
        var name = DashboardFixture.UniqueName("e2e-nojs");
        await fixture.PutAsync(name, "10");
        var page = await fixture.OpenAsync($"/values/{name}", new BrowserNewContextOptions { JavaScriptEnabled = false });
        await Expect(page.Locator("#connection")).ToHaveAttributeAsync("data-state", "static");

        await page.Locator("#edit-button").ClickAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(DashboardFixture.ArtifactsDirectory, "detail-no-javascript.png"), FullPage = true });
        await page.Locator("#draft").FillAsync("11");
        await page.Locator("#editor button[type=submit]").ClickAsync();

        await Expect(page.Locator("#saved")).ToHaveTextAsync("Saved as version 2.");
        await Expect(page.Locator("#value")).ToHaveTextAsync("11");
        var history = await fixture.GetHistoryAsync(name);
        Assert.Equal("ui", history.GetProperty("entries")[0].GetProperty("source").GetString());
        await page.Context.CloseAsync();
    }
}
