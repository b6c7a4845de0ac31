using EventDashboard.Tests.E2E.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EventDashboard.Tests.E2E.Dashboard;

// Its own app process, because it stops the server; the shared one keeps serving the other tests.
public sealed class ConnectionIndicatorTests : IAsyncLifetime
{
    // Reconnecting retries every 2 s at most; 30 s is only a safety net for a busy machine.
    private static readonly LocatorAssertionsToHaveAttributeOptions Eventually = new() { Timeout = 30_000 };
    private IPlaywright _playwright = default!;
    private IBrowser _browser = default!;
    private AppProcess _app = default!;

    public async Task InitializeAsync()
    {
        _app = await AppProcess.StartAsync();
        _playwright = await Playwright.CreateAsync();
        _browser = await Chromium.LaunchAsync(_playwright);
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task ServerStopsAndRestarts_IndicatorGoesOfflineThenLiveAndUpdatesResume()
    {
        var page = await _browser.NewPageAsync(new BrowserNewPageOptions { BaseURL = _app.BaseAddress.ToString() });
        await page.GotoAsync("/");
        var indicator = page.Locator("#connection");
        await Expect(indicator).ToHaveAttributeAsync("data-state", "live", Eventually);

        await _app.StopAsync();
        await Expect(indicator).ToHaveAttributeAsync("data-state", "offline", Eventually);
        await Expect(indicator).ToHaveTextAsync("Offline");

        await _app.StartAgainAsync();
        await Expect(indicator).ToHaveAttributeAsync("data-state", "live", Eventually);

        // The page subscribed again after the reconnect: a value set now still shows up.
        using var http = new HttpClient { BaseAddress = _app.BaseAddress };
        using var put = await http.PutAsync(new Uri("api/values/after-restart", UriKind.Relative), new StringContent("42", System.Text.Encoding.UTF8, "application/json"));
        put.EnsureSuccessStatusCode();
        await Expect(page.Locator("tr[data-name='after-restart'] [data-field=preview]")).ToHaveTextAsync("42", new() { Timeout = 5000 });
    }
}
