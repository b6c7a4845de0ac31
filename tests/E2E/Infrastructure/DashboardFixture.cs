using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;

namespace EventDashboard.Tests.E2E.Infrastructure;

/// <summary>One app process and one browser shared by the tests of the <see cref="SharedApp"/>.</summary>
public sealed class DashboardFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;

    /// <summary>Gets the running app.</summary>
    public AppProcess App { get; private set; } = default!;

    /// <summary>Gets the browser.</summary>
    public IBrowser Browser { get; private set; } = default!;

    /// <summary>Gets an HTTP client for the app's API.</summary>
    public HttpClient Http { get; private set; } = default!;

    /// <summary>Gets the folder that keeps screenshots (under the test output, out of git).</summary>
    public static string ArtifactsDirectory { get; } = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "artifacts")).FullName;

    /// <inheritdoc/>
    public async Task InitializeAsync()
    {
        // Expectations wait up to 10 s (the default is 5) for a busy CI machine; the 2 s promises set their own.
        Assertions.SetDefaultExpectTimeout(10_000);
        App = await AppProcess.StartAsync();
        Http = new HttpClient { BaseAddress = App.BaseAddress };
        _playwright = await Playwright.CreateAsync();
        Browser = await Chromium.LaunchAsync(_playwright);
    }

    /// <inheritdoc/>
    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright?.Dispose();
        Http.Dispose();
        await App.DisposeAsync();
    }

    /// <summary>Opens a page of the app in a fresh browser context (its own cookies).</summary>
    public async Task<IPage> OpenAsync(string path, BrowserNewContextOptions? options = null) =>
        (await OpenRecordingAsync(path, options)).Page;

    /// <summary>
    /// Opens a page of the app (or of the app at <paramref name="options"/>' <c>BaseURL</c>, when set) in a fresh
    /// browser context, recording the console errors of the context (this page and every page it navigates to)
    /// from before the first request.
    /// </summary>
    public async Task<(IPage Page, ConsoleErrors Errors)> OpenRecordingAsync(string path, BrowserNewContextOptions? options = null)
    {
        options ??= new BrowserNewContextOptions();
        options.BaseURL ??= App.BaseAddress.ToString();
        options.ViewportSize ??= new ViewportSize { Width = 1280, Height = 900 };
        var context = await Browser.NewContextAsync(options);
        var errors = await ConsoleErrors.RecordAsync(context);
        var page = await context.NewPageAsync();
        await page.GotoAsync(path);
        return (page, errors);
    }

    /// <summary>
    /// Opens a dashboard page as <see cref="OpenRecordingAsync"/> does and waits until it is interactive (its
    /// circuit connected), so that what the test does next reaches the server.
    /// </summary>
    public async Task<(IPage Page, ConsoleErrors Errors)> OpenInteractiveAsync(string path, BrowserNewContextOptions? options = null)
    {
        var (page, errors) = await OpenRecordingAsync(path, options);
        await BlazorCircuit.WaitUntilInteractiveAsync(page);
        return (page, errors);
    }

    /// <summary>Saves a full-page screenshot of <paramref name="page"/> as <c>artifacts/&lt;name&gt;.png</c>.</summary>
    /// <returns>A task whose result is the file's path.</returns>
    public static async Task<string> ScreenshotAsync(IPage page, string name)
    {
        ArgumentNullException.ThrowIfNull(page);
        var path = Path.Combine(ArtifactsDirectory, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }

    /// <summary>Sets a value over the HTTP API, as a service would.</summary>
    public async Task<long> PutAsync(string name, string json, long? ifMatch = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, $"api/values/{name}")
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        if (ifMatch is { } version)
        {
            request.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{version}\""));
        }

        using var response = await Http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("version").GetInt64();
    }

    /// <summary>Deletes a value over the HTTP API, as a service would.</summary>
    public async Task DeleteAsync(string name)
    {
        using var response = await Http.DeleteAsync(new Uri($"api/values/{name}", UriKind.Relative));
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Gets a value's snapshot over the HTTP API.</summary>
    public async Task<JsonElement> GetAsync(string name)
    {
        using var body = JsonDocument.Parse(await Http.GetStringAsync(new Uri($"api/values/{name}", UriKind.Relative)));
        return body.RootElement.Clone();
    }

    /// <summary>Gets a value's history over the HTTP API.</summary>
    public async Task<JsonElement> GetHistoryAsync(string name)
    {
        using var body = JsonDocument.Parse(await Http.GetStringAsync(new Uri($"api/values/{name}/history", UriKind.Relative)));
        return body.RootElement.Clone();
    }

    /// <summary>Makes a value name no other test uses.</summary>
    public static string UniqueName(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 9)];
}
