using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using EventDashboard.Tests.E2E.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace EventDashboard.Tests.E2E.Dashboard;

[Collection(SharedApp.Name)]
public sealed class ServerPageTests(DashboardFixture fixture)
{
    [Fact]
    public async Task ServerPage_ValuesCreated_TilesAndChartsFollowLive()
    {
        var (page, errors) = await fixture.OpenInteractiveAsync("/server");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Server");
        await Expect(page.Locator("#server-store")).ToContainTextAsync("taking writes");

        // Samples come once a second: the tiles and the charts appear, then follow what happens.
        await Expect(page.Locator("#tile-values .tile-value")).ToBeVisibleAsync();
        for (var i = 0; i < 3; i++)
        {
            await fixture.PutAsync(DashboardFixture.UniqueName("e2e-server"), "1");
        }

        using var list = JsonDocument.Parse(await fixture.Http.GetStringAsync(new Uri("api/values", UriKind.Relative)));
        var count = list.RootElement.GetArrayLength().ToString("N0", CultureInfo.InvariantCulture);
        await Expect(page.Locator("#tile-values .tile-value")).ToHaveTextAsync(count);
        await Expect(page.Locator("#tile-connections .tile-value")).ToHaveTextAsync(new Regex(@"^\d+$"));
        await Expect(page.Locator("#tile-memory .tile-value")).ToHaveTextAsync(new Regex(@"^[\d,]+ MB$"));
        foreach (var chart in new[] { "throughput", "connections", "memory" })
        {
            await Expect(page.Locator($"#chart-{chart} svg").First).ToBeVisibleAsync();
        }

        await DashboardFixture.ScreenshotAsync(page, "server");
        await Expect(page.Locator("a[href='server']").First).ToHaveAttributeAsync("aria-current", "page");
        errors.AssertNone(fixture.App.Output);
        await page.Context.CloseAsync();
    }
}
