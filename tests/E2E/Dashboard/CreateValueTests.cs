using System.Text.RegularExpressions;
using EventDashboard.Tests.E2E.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace EventDashboard.Tests.E2E.Dashboard;

[Collection(SharedApp.Name)]
public sealed class CreateValueTests(DashboardFixture fixture)
{
    [Fact]
    public async Task CreateDialog_InvalidThenValidJson_ShowsLineAndColumnThenOpensNewValue()
    {
        var name = DashboardFixture.UniqueName("e2e-create");
        var (page, errors) = await fixture.OpenInteractiveAsync("/");
        await page.Locator("#create-value").ClickAsync();
        var dialog = page.Locator(".mud-dialog");
        var nameInput = page.Locator("input#create-name, #create-name input").First;
        var jsonInput = page.Locator("textarea#create-json, #create-json textarea").First;
        await nameInput.FillAsync(name);

        // Invalid JSON: the error names the line and the column, Create keeps the dialog and the draft.
        var invalid = "{\"a\": 1,\n\"b\": }";
        await jsonInput.FillAsync(invalid);
        await Expect(dialog).ToContainTextAsync(new Regex(@"Line 2, column 6\b"));
        await page.Locator("#create-save").ClickAsync();
        await Expect(dialog).ToContainTextAsync(new Regex(@"Line 2, column 6\b"));
        await Expect(jsonInput).ToHaveValueAsync(invalid);
        await Expect(nameInput).ToHaveValueAsync(name);
        await DashboardFixture.ScreenshotAsync(page, "create-invalid");
        using (var response = await fixture.Http.GetAsync(new Uri($"api/values/{name}", UriKind.Relative)))
        {
            Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
        }

        // Valid JSON: the value is created and its page opens.
        await jsonInput.FillAsync("{\"a\": 1,\n\"b\": 2}");
        await Expect(dialog).Not.ToContainTextAsync(new Regex(@"Line \d+, column \d+"));
        await page.Locator("#create-save").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/values/{Regex.Escape(name)}\\?saved=1$"));
        await Expect(page.Locator("#value-name")).ToHaveTextAsync(name);
        await Expect(page.Locator("#version")).ToHaveTextAsync("1");
        await Expect(page.Locator("#value")).ToHaveTextAsync("{\n  \"a\": 1,\n  \"b\": 2\n}");

        var value = await fixture.GetAsync(name);
        Assert.Equal(1, value.GetProperty("version").GetInt64());
        Assert.Equal(2, value.GetProperty("value").GetProperty("b").GetInt32());
        var newest = (await fixture.GetHistoryAsync(name)).GetProperty("entries")[0];
        Assert.Equal("ui", newest.GetProperty("source").GetString());

        errors.AssertNone(fixture.App.Output);
        await page.Context.CloseAsync();
    }
}
