using EventDashboard.Tests.E2E.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EventDashboard.Tests.E2E.Dashboard;

[Collection(SharedApp.Name)]
public sealed class ListPageTests(DashboardFixture fixture)
{
    private static readonly LocatorAssertionsToHaveTextOptions WithinTwoSeconds = new() { Timeout = 2000 };

    [Fact]
    public async Task HttpSet_ListOpen_NewValueAndChangeAppearWithoutReload()
    {
        var (page, errors) = await fixture.OpenRecordingAsync("/");
        await Expect(page.Locator("#connection")).ToHaveAttributeAsync("data-state", "live");
        var name = DashboardFixture.UniqueName("e2e-list");

        await fixture.PutAsync(name, """{"temperature":21.5}""");
        var row = page.Locator($"#values tr[data-name='{name}']");
        await Expect(row.Locator("[data-field=preview]")).ToHaveTextAsync("""{"temperature":21.5}""", WithinTwoSeconds);

        await fixture.PutAsync(name, """{"temperature":22}""");
        await Expect(row.Locator("[data-field=preview]")).ToHaveTextAsync("""{"temperature":22}""", WithinTwoSeconds);
        await Expect(row.Locator("[data-field=version]")).ToHaveTextAsync("2", WithinTwoSeconds);
        Assert.Empty(errors.All);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task LongName_ListOpen_EveryColumnStaysInView()
    {
        var prefix = DashboardFixture.UniqueName("e2e-long");
        var name = prefix + new string('n', 128 - prefix.Length);
        await fixture.PutAsync(name, "1");
        var page = await fixture.OpenAsync("/");

        var wrap = await page.Locator("#values").Locator("xpath=..").BoundingBoxAsync();
        var updated = await page.Locator($"#values tr[data-name='{name}'] [data-field=updated]").BoundingBoxAsync();

        // A 128-character name without a break used to widen its column until the others scrolled out of the card.
        Assert.True(updated!.X + updated.Width <= wrap!.X + wrap.Width, $"the Updated cell ends at {updated.X + updated.Width}, the card at {wrap.X + wrap.Width}");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Filter_Typed_OnlyMatchingRowsShown()
    {
        var apple = DashboardFixture.UniqueName("e2e-apple");
        var pear = DashboardFixture.UniqueName("e2e-pear");
        await fixture.PutAsync(apple, "1");
        await fixture.PutAsync(pear, "2");
        var page = await fixture.OpenAsync("/");

        await page.Locator("#filter").FillAsync(apple);

        await Expect(page.Locator($"tr[data-name='{apple}']")).ToBeVisibleAsync();
        await Expect(page.Locator($"tr[data-name='{pear}']")).ToBeHiddenAsync();
        await Expect(page.Locator("#value-count")).ToHaveTextAsync("1 value");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task CreateForm_NewName_CreatesValueWithSourceUi()
    {
        var name = DashboardFixture.UniqueName("e2e-create");
        var page = await fixture.OpenAsync("/");

        await page.Locator("#create summary").ClickAsync();
        await page.Locator("#create-name").FillAsync(name);
        await page.Locator("#create-value").FillAsync("""{"on":true}""");
        await page.Locator("#create button[type=submit]").ClickAsync();

        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/values/{name}"));
        var history = await fixture.GetHistoryAsync(name);
        Assert.Equal("ui", history.GetProperty("entries")[0].GetProperty("source").GetString());
        Assert.True(history.GetProperty("entries")[0].GetProperty("value").GetProperty("on").GetBoolean());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task CreateForm_InvalidJson_ErrorShownAndNothingCreated()
    {
        var name = DashboardFixture.UniqueName("e2e-bad");
        var page = await fixture.OpenAsync("/");

        await page.Locator("#create summary").ClickAsync();
        await page.Locator("#create-name").FillAsync(name);
        await page.Locator("#create-value").FillAsync("{not json");
        await page.Locator("#create button[type=submit]").ClickAsync();

        await Expect(page.Locator("#create [data-error]")).ToContainTextAsync("not valid JSON");
        await Expect(page.Locator("#create-value")).ToHaveValueAsync("{not json");
        using var response = await fixture.Http.GetAsync(new Uri($"api/values/{name}", UriKind.Relative));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task TwoPages_EditOnDetailPage_ListPageFollows()
    {
        var name = DashboardFixture.UniqueName("e2e-sync");
        await fixture.PutAsync(name, "\"before\"");
        var list = await fixture.OpenAsync("/");
        var details = await fixture.OpenAsync($"/values/{name}");
        await Expect(list.Locator("#connection")).ToHaveAttributeAsync("data-state", "live");

        await details.Locator("#edit-button").ClickAsync();
        await details.Locator("#draft").FillAsync("\"after\"");
        await details.Locator("#editor button[type=submit]").ClickAsync();

        await Expect(details.Locator("#saved")).ToHaveTextAsync("Saved as version 2.");
        var row = list.Locator($"tr[data-name='{name}']");
        await Expect(row.Locator("[data-field=preview]")).ToHaveTextAsync("\"after\"", WithinTwoSeconds);
        await Expect(row.Locator("[data-field=version]")).ToHaveTextAsync("2", WithinTwoSeconds);
        await list.Context.CloseAsync();
        await details.Context.CloseAsync();
    }
}
