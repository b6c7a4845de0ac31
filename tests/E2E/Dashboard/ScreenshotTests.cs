using EventDashboard.Tests.E2E.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EventDashboard.Tests.E2E.Dashboard;

/// <summary>Saves screenshots of both pages in both color schemes under the test output's artifacts folder.</summary>
[Collection(SharedApp.Name)]
public sealed class ScreenshotTests(DashboardFixture fixture)
{
    [Theory]
    [InlineData(ColorScheme.Light)]
    [InlineData(ColorScheme.Dark)]
    public async Task ListAndDetail_ColorScheme_ScreenshotsSavedInThatScheme(ColorScheme scheme)
    {
        var name = await SeedAsync();
        var options = new BrowserNewContextOptions { ColorScheme = scheme };

        var list = await fixture.OpenAsync("/", options);
        await Expect(list.Locator("#connection")).ToHaveAttributeAsync("data-state", "live");
        var listFile = await SaveAsync(list, $"list-{scheme}".ToLowerInvariant());
        var background = await list.EvaluateAsync<string>("getComputedStyle(document.body).backgroundColor");
        await list.Context.CloseAsync();

        var details = await fixture.OpenAsync($"/values/{name}?from=4&to=5", options);
        await Expect(details.Locator(".chart polyline")).ToBeVisibleAsync();
        await details.Locator("#edit-button").ClickAsync();
        var detailFile = await SaveAsync(details, $"detail-{scheme}".ToLowerInvariant());
        await details.Context.CloseAsync();

        Assert.True(new FileInfo(listFile).Length > 10_000);
        Assert.True(new FileInfo(detailFile).Length > 10_000);

        // site.css: --bg is #f5f6f8 in light and #0f141a in dark.
        Assert.Equal(scheme == ColorScheme.Dark ? "rgb(15, 20, 26)" : "rgb(245, 246, 248)", background);
    }

    private async Task<string> SeedAsync()
    {
        // A numeric value with some history (for the chart) and a structured one, like an operator would see.
        var name = "pump.pressure";
        foreach (var bar in new[] { "2.1", "2.4", "2.2", "2.9", "3.1", "2.7" })
        {
            await fixture.PutAsync(name, bar);
        }

        await fixture.PutAsync("config.feature-flags", """{"newCheckout":true,"betaUsers":["ana","li"],"rollout":0.25}""");
        await fixture.PutAsync("service.status", "\"degraded\"");
        return name;
    }

    private static async Task<string> SaveAsync(IPage page, string fileName)
    {
        var path = Path.Combine(DashboardFixture.ArtifactsDirectory, fileName + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }
}
