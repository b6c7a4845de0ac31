using System.Text.RegularExpressions;
using EventDashboard.Tests.E2E.Infrastructure;
using EventDashboard.Tests.E2E.Storage;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EventDashboard.Tests.E2E.Dashboard;

/// <summary>
/// A server restart while a page is open: the page must not go on looking live over values it no longer follows.
/// It has an app process of its own, because it kills it; the shared one keeps serving the other tests.
/// </summary>
[Collection(SharedApp.Name)]
public sealed partial class ServerRestartTests(DashboardFixture fixture)
{
    // Reconnecting is retried with growing pauses; 30 s is only a safety net for a busy machine.
    private static readonly LocatorAssertionsToHaveClassOptions Eventually = new() { Timeout = 30_000 };

    [Fact]
    public async Task ServerKilledAndStartedAgain_ValuePageOpen_ReconnectUiShowsThenReloadShowsCurrentValue()
    {
        await using var app = await AppProcess.StartAsync();
        using var api = new StorageApi(app.BaseAddress);
        const string Name = "restart.value";
        await api.SetAsync(Name, "\"before the restart\"");
        var (page, errors) = await fixture.OpenInteractiveAsync($"/values/{Name}", new BrowserNewContextOptions { BaseURL = app.BaseAddress.ToString() });
        var modal = page.Locator(BlazorCircuit.ReconnectModal);
        await Expect(page.Locator("#version")).ToHaveTextAsync("1");
        await Expect(modal).ToBeHiddenAsync();
        errors.AssertNone(fixture.App.Output);

        // The server goes away: the page says so instead of showing the old value as live.
        await app.StopAsync();
        await Expect(modal).ToHaveClassAsync(ReconnectState(), Eventually);
        await Expect(modal).ToBeVisibleAsync();
        await DashboardFixture.ScreenshotAsync(page, "restart-disconnected");

        // It comes back on the same port and data folder, and the value changes there. The old page's circuit is
        // gone with the old process: the page can only tell the operator to reload (or have reloaded itself).
        await app.StartAgainAsync();
        Assert.Equal(2, await api.SetAsync(Name, "\"after the restart\""));
        await page.WaitForFunctionAsync(
            """
            () => {
              const modal = document.querySelector('#components-reconnect-modal');
              const stale = modal && /components-reconnect-(failed|rejected)/.test(modal.className) && modal.checkVisibility();
              const current = document.querySelector('#version')?.textContent === '2' && !(modal && modal.checkVisibility());
              return stale || current;
            }
            """,
            null,
            new PageWaitForFunctionOptions { Timeout = 60_000 });
        await DashboardFixture.ScreenshotAsync(page, "restart-after");

        // After a reload the page shows the server's current value, live again.
        var errorsBeforeReload = errors.All.Count;
        await page.ReloadAsync();
        await BlazorCircuit.WaitUntilInteractiveAsync(page);
        await Expect(page.Locator("#version")).ToHaveTextAsync("2");
        await Expect(page.Locator("#value")).ToHaveTextAsync("\"after the restart\"");
        await Expect(modal).ToBeHiddenAsync();
        await api.SetAsync(Name, "\"live again\"");
        await Expect(page.Locator("#version")).ToHaveTextAsync("3", DashboardPage.Live);

        // While the server was down the browser logged the failed connection; after the reload, nothing. The old
        // document's last reconnect attempt can be refused by the new server ("Circuit not initialized") while the
        // reload is under way, so that one message, and only it, may land after the count was taken.
        Assert.DoesNotContain(errors.All.Skip(errorsBeforeReload), e => !e.Contains("Circuit not initialized", StringComparison.Ordinal));
        await page.Context.CloseAsync();
    }

    [GeneratedRegex(@"\bcomponents-reconnect-(show|failed|rejected)\b")]
    private static partial Regex ReconnectState();
}
