using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace EventDashboard.Tests.E2E.Dashboard;

/// <summary>
/// The elements of the dashboard the browser tests rely on, in one place: the list page's heading, count, grid,
/// value links and filter; the value page's facts; the app bar's theme menu.
/// </summary>
internal static partial class DashboardPage
{
    /// <summary>How long a change over HTTP may take to show on an open page without a reload.</summary>
    public static readonly LocatorAssertionsToHaveTextOptions Live = new() { Timeout = 5000 };

    /// <summary>The list page's link to a value (in its grid row).</summary>
    public static ILocator ValueLink(IPage page, string name) => page.Locator($"#values a[data-name='{name}']");

    /// <summary>The list page's grid row of a value: the row that holds its link.</summary>
    public static ILocator ValueRow(IPage page, string name) =>
        page.Locator("#values tr").Filter(new LocatorFilterOptions { Has = page.Locator($"a[data-name='{name}']") });

    /// <summary>The list page's filter input (the id is on the input or on an element around it).</summary>
    public static ILocator Filter(IPage page) => page.Locator("input#filter, #filter input").First;

    /// <summary>The number the list page's <c>#value-count</c> shows ("12 values"): its first number.</summary>
    public static async Task<int> ValueCountAsync(IPage page)
    {
        var text = await page.Locator("#value-count").InnerTextAsync();
        var number = FirstNumber().Match(text);
        Assert.True(number.Success, $"#value-count shows no number: '{text}'");
        return int.Parse(number.Value.Replace(",", string.Empty, StringComparison.Ordinal), CultureInfo.InvariantCulture);
    }

    /// <summary>A pattern that matches the count text with exactly <paramref name="count"/> as its first number.</summary>
    public static Regex CountText(int count) => new($"^\\D*{count.ToString(CultureInfo.InvariantCulture)}\\b");

    /// <summary>
    /// Marks the current document, so that <see cref="AssertNotReloadedAsync"/> can tell later that what the page
    /// shows arrived live, not through a reload or a navigation.
    /// </summary>
    public static Task MarkDocumentAsync(IPage page) => page.EvaluateAsync("() => { window.e2eDocumentMark = true; }");

    /// <summary>Asserts that the document <see cref="MarkDocumentAsync"/> marked is still the one shown.</summary>
    public static async Task AssertNotReloadedAsync(IPage page) =>
        Assert.True(await page.EvaluateAsync<bool>("() => window.e2eDocumentMark === true"), "the page was reloaded or left");

    /// <summary>Chooses a theme from the app bar's menu: <c>light</c>, <c>dark</c> or <c>system</c>.</summary>
    public static async Task ChooseThemeAsync(IPage page, string theme)
    {
        await page.Locator("#theme-menu button").First.ClickAsync();
        await page.Locator($"#theme-{theme}").ClickAsync();
    }

    /// <summary>
    /// Gets the relative luminance (0 black to 1 white) of the computed background colour of <c>.mud-layout</c>, or
    /// of <c>body</c> when the layout's is not opaque: what the reader sees behind the page.
    /// </summary>
    public static Task<double> BackgroundLuminanceAsync(IPage page) => page.EvaluateAsync<double>(BackgroundLuminance);

    /// <summary>
    /// Waits until the page's background is dark (luminance below 0.1: MudBlazor's dark palette) or light (above
    /// 0.5: its light palette).
    /// </summary>
    public static Task WaitForBackgroundAsync(IPage page, bool dark) =>
        page.WaitForFunctionAsync(
            $"() => ({BackgroundLuminance})() {(dark ? "< 0.1" : "> 0.5")}", null, new PageWaitForFunctionOptions { Timeout = 10_000 });

    private const string BackgroundLuminance = """
        () => {
          for (const element of [document.querySelector('.mud-layout'), document.body]) {
            if (!element) continue;
            const [r, g, b, a = 1] = getComputedStyle(element).backgroundColor.match(/[\d.]+/g).map(Number);
            if (a < 1) continue;
            const linear = c => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
            return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
          }
          return 1;
        }
        """;

    /// <summary>
    /// Gets how far the page's content reaches past the right edge of the window (less a vertical scroll bar):
    /// what the reader would have to scroll sideways to see. The body's scroll width counts too, because
    /// <c>overflow-x: hidden</c> on the document (site.css) stops the scrolling but not the overflow: content past
    /// the edge is then cut off, which is no better.
    /// </summary>
    public static Task<int> HorizontalOverflowAsync(IPage page) =>
        page.EvaluateAsync<int>(
            "() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth) - document.documentElement.clientWidth");

    [GeneratedRegex(@"\d[\d,]*")]
    private static partial Regex FirstNumber();
}
