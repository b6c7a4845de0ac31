using System.Net;
using EventDashboard.Tests.E2E.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace EventDashboard.Tests.E2E.Dashboard;

[Collection(SharedApp.Name)]
public sealed class ApiDocsAndNotFoundTests(DashboardFixture fixture)
{
    [Fact]
    public async Task ApiDocs_Opened_SwaggerUiShowsTheApi()
    {
        var (page, errors) = await fixture.OpenRecordingAsync("/api-docs/");

        await Expect(page.Locator(".swagger-ui").First).ToBeVisibleAsync();
        await Expect(page.Locator(".swagger-ui .info .title")).ToContainTextAsync("EventDashboard");
        await Expect(page).ToHaveTitleAsync("EventDashboard API");

        // The operations come from the framework's OpenAPI document, e.g. the Set.
        await Expect(page.Locator(".swagger-ui .opblock-put .opblock-summary-path").First).ToContainTextAsync("/api/values/");
        await DashboardFixture.ScreenshotAsync(page, "api-docs");
        errors.AssertNone(fixture.App.Output);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task UnknownPath_Opened_NotFoundPageWith404()
    {
        var context = await fixture.Browser.NewContextAsync(new() { BaseURL = fixture.App.BaseAddress.ToString() });
        var errors = await ConsoleErrors.RecordAsync(context);
        var page = await context.NewPageAsync();

        var response = await page.GotoAsync("/no/such/page");
        await BlazorCircuit.WaitUntilInteractiveAsync(page);

        Assert.Equal((int)HttpStatusCode.NotFound, response!.Status);
        await Expect(page.Locator("#not-found")).ToBeVisibleAsync();
        await Expect(page.Locator("#not-found")).ToContainTextAsync("/no/such/page");
        await DashboardFixture.ScreenshotAsync(page, "not-found");

        // The browser logs the 404 of the document itself as an error; nothing else may be logged.
        Assert.DoesNotContain(errors.All, error => !(error.Contains("status of 404", StringComparison.Ordinal) && error.Contains("/no/such/page", StringComparison.Ordinal)));
        await context.CloseAsync();
    }
}
