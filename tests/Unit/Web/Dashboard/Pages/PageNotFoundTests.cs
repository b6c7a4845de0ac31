using System.Net;
using EventDashboard.Tests.Unit.Web.Api;

namespace EventDashboard.Tests.Unit.Web.Dashboard.Pages;

public sealed class PageNotFoundTests : IDisposable
{
    // What Chromium sends when it navigates to a page.
    private const string BrowserAccept = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8";

    private readonly DashboardApp _app = new();

    public void Dispose() => _app.Dispose();

    [Theory]
    [InlineData("/nope")]
    [InlineData("/values/")]
    [InlineData("/values/a/b")]
    public async Task Get_UnknownPathFromBrowser_404PageInDashboardLayoutLinkingToValues(string path)
    {
        var (response, page) = await _app.GetAsync(path, BrowserAccept);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Page not found · EventDashboard", page.Title);
        Assert.NotNull(page.QuerySelector("header.topbar"));
        Assert.NotNull(page.QuerySelector("link[rel=stylesheet][href='dashboard/site.css']"));
        var notice = page.QuerySelector("#not-found")!;
        Assert.Equal("This page does not exist", notice.QuerySelector("h1")!.TextContent);
        Assert.Contains(path, notice.QuerySelector("code")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("/", notice.QuerySelector("a")!.GetAttribute("href"));
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("*/*")]
    [InlineData(null)]
    public async Task Get_UnknownPathFromApiClient_404Problem(string? accept)
    {
        var (response, _) = await _app.GetAsync("/nope", accept);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("/api/nope")]
    [InlineData("/api/values/x/nope")]
    [InlineData("/hubs/nope")]
    [InlineData("/openapi/nope")]
    public async Task Get_UnknownMachinePathFromBrowser_NotTheHtmlPage(string path)
    {
        var (response, _) = await _app.GetAsync(path, BrowserAccept);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.NotEqual("text/html", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Get_NotFoundRouteItself_Is404Too()
    {
        var (response, page) = await _app.GetAsync("/not-found", BrowserAccept);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.NotNull(page.QuerySelector("#not-found"));
    }

    [Fact]
    public async Task Get_KnownPageFromBrowser_StillThePage()
    {
        var (response, page) = await _app.GetAsync("/", BrowserAccept);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(page.QuerySelector("#not-found"));
    }
}
