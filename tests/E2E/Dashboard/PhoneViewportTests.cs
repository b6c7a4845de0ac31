using EventDashboard.Tests.E2E.Infrastructure;
using Microsoft.Playwright;
using static EventDashboard.Tests.E2E.Dashboard.DashboardPage;
using static Microsoft.Playwright.Assertions;

namespace EventDashboard.Tests.E2E.Dashboard;

/// <summary>At 375 px wide (a small phone) no page scrolls sideways, even with the longest name and a long value.</summary>
[Collection(SharedApp.Name)]
public sealed class PhoneViewportTests(DashboardFixture fixture)
{
    private static BrowserNewContextOptions Phone => new()
    {
        // Not IsMobile: a mobile browser zooms out to fit a page that is too wide, and then nothing overflows.
        ViewportSize = new ViewportSize { Width = 375, Height = 740 },
    };

    [Fact]
    public async Task LongNameAndValue_PhoneWidth_NoPageScrollsSideways()
    {
        // The longest name there is (128 characters) without a break, and a value with long lines and a long word.
        var prefix = DashboardFixture.UniqueName("e2e-phone");
        var name = prefix + new string('n', 128 - prefix.Length);
        var description = string.Join(' ', Enumerable.Repeat("a sentence of a long description,", 40));
        var items = string.Join(',', Enumerable.Range(1, 80));
        var value = $$"""{"description":"{{description}}","token":"{{new string('x', 600)}}","nested":{"items":[{{items}}]} }""";
        await fixture.PutAsync(name, value);

        var (list, listErrors) = await fixture.OpenInteractiveAsync("/", Phone);
        await Filter(list).FillAsync(prefix);
        await Expect(ValueLink(list, name)).ToBeVisibleAsync();
        await DashboardFixture.ScreenshotAsync(list, "phone-list");
        var listOverflow = await HorizontalOverflowAsync(list);

        var (details, detailErrors) = await fixture.OpenInteractiveAsync($"/values/{name}", Phone);
        await Expect(details.Locator("#value")).ToContainTextAsync(new string('x', 600));
        await Expect(details.Locator("#value-name")).ToHaveTextAsync(name);
        await DashboardFixture.ScreenshotAsync(details, "phone-value");
        var detailOverflow = await HorizontalOverflowAsync(details);

        Assert.True(listOverflow <= 0, $"the list page scrolls {listOverflow} px sideways at 375 px");
        Assert.True(detailOverflow <= 0, $"the value page scrolls {detailOverflow} px sideways at 375 px");
        listErrors.AssertNone(fixture.App.Output);
        detailErrors.AssertNone(fixture.App.Output);
        await list.Context.CloseAsync();
        await details.Context.CloseAsync();
    }
}
