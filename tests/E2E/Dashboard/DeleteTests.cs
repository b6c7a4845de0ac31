using System.Net;
using EventDashboard.Tests.E2E.Infrastructure;
using static EventDashboard.Tests.E2E.Dashboard.DashboardPage;
using static Microsoft.Playwright.Assertions;

namespace EventDashboard.Tests.E2E.Dashboard;

[Collection(SharedApp.Name)]
public sealed class DeleteTests(DashboardFixture fixture)
{
    [Fact]
    public async Task Delete_TypedNameConfirmed_PageShowsDeletedApi404AndListDropsRow()
    {
        var name = DashboardFixture.UniqueName("e2e-delete");
        await fixture.PutAsync(name, """{"doomed":true}""");
        var (list, listErrors) = await fixture.OpenInteractiveAsync("/");
        await Filter(list).FillAsync(name);
        await Expect(ValueRow(list, name)).ToHaveCountAsync(1);
        await MarkDocumentAsync(list);
        var (page, errors) = await fixture.OpenInteractiveAsync($"/values/{name}");

        // The Delete button stays disabled until the name is typed exactly.
        await page.Locator("#delete-button").ClickAsync();
        var dialog = page.Locator("#delete-dialog");
        await Expect(dialog).ToBeVisibleAsync();
        var confirm = page.Locator("#delete-confirm");
        var typed = page.Locator(".mud-dialog input");
        await Expect(confirm).ToBeDisabledAsync();
        await typed.FillAsync(name[..^1]);
        await Expect(typed).ToHaveValueAsync(name[..^1]);
        await Expect(confirm).ToBeDisabledAsync();
        await typed.FillAsync(name);
        await Expect(confirm).ToBeEnabledAsync();
        await DashboardFixture.ScreenshotAsync(page, "delete-dialog");
        await confirm.ClickAsync();

        await Expect(dialog).ToHaveCountAsync(0);
        await Expect(page.Locator("#deleted")).ToHaveAttributeAsync("data-version", "2");
        await Expect(page.Locator("#set-again-button")).ToBeVisibleAsync();
        await Expect(page.Locator("#delete-button")).ToHaveCountAsync(0);
        using (var response = await fixture.Http.GetAsync(new Uri($"api/values/{name}", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }

        // The other open page drops the row live.
        await Expect(ValueRow(list, name)).ToHaveCountAsync(0, new() { Timeout = Live.Timeout });
        await AssertNotReloadedAsync(list);

        errors.AssertNone(fixture.App.Output);
        listErrors.AssertNone(fixture.App.Output);
        await page.Context.CloseAsync();
        await list.Context.CloseAsync();
    }
}
