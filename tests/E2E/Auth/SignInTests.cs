using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using EventDashboard.Tests.E2E.Infrastructure;
using Microsoft.Playwright;
using static EventDashboard.Tests.E2E.Dashboard.DashboardPage;
using static Microsoft.Playwright.Assertions;

namespace EventDashboard.Tests.E2E.Auth;

/// <summary>
/// People signing in to a server that has access keys: a Viewer gets a read-only dashboard that stays live, an
/// Operator's edits name the key, a write the page does not offer is refused, and signing out ends it all.
/// </summary>
[Collection(SharedApp.Name)]
public sealed partial class SignInTests(DashboardFixture fixture) : IAsyncLifetime
{
    private const string ViewerSecret = "e2e-viewer-secret-5f1c";
    private const string OperatorSecret = "e2e-operator-secret-9a7d";

    private AppProcess _app = default!;
    private HttpClient _operator = default!;

    public async Task InitializeAsync()
    {
        _app = await AppProcess.StartAsync(
            dataDirectory: null,
            "--EventDashboard:Auth:Keys:0:Name=viewer",
            "--EventDashboard:Auth:Keys:0:Role=Viewer",
            $"--EventDashboard:Auth:Keys:0:Secret={ViewerSecret}",
            "--EventDashboard:Auth:Keys:1:Name=operator",
            "--EventDashboard:Auth:Keys:1:Role=Operator",
            $"--EventDashboard:Auth:Keys:1:Secret={OperatorSecret}");
        _operator = new HttpClient { BaseAddress = _app.BaseAddress };
        _operator.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", OperatorSecret);
    }

    public async Task DisposeAsync()
    {
        _operator.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task SignIn_ViewerKey_ShowsALiveDashboardWithNoControlThatChangesAValue()
    {
        await PutAsync("e2e.viewed", "1");
        var (page, errors) = await OpenAsync("/values/e2e.viewed");

        // Any dashboard page sends a browser without a sign-in to the sign-in page, which comes back to it.
        await Expect(page).ToHaveURLAsync(SignInUrl());
        await DashboardFixture.ScreenshotAsync(page, "signin");
        await SignInAsync(page, ViewerSecret);

        await Expect(page).ToHaveURLAsync(new Regex("/values/e2e\\.viewed$"));
        await BlazorCircuit.WaitUntilInteractiveAsync(page);
        await Expect(page.Locator("#signed-in-as")).ToContainTextAsync("viewer · Viewer");
        await Expect(page.Locator("#read-only-notice")).ToBeVisibleAsync();
        await Expect(page.Locator("#version")).ToHaveTextAsync("1");
        await Expect(page.Locator(".entry-version[data-version='1']")).ToBeVisibleAsync();
        await Expect(page.Locator("#edit-button")).ToHaveCountAsync(0);
        await Expect(page.Locator("#delete-button")).ToHaveCountAsync(0);
        await Expect(page.Locator("[id^='revert-']")).ToHaveCountAsync(0);

        // Read-only is not stale: the page follows Sets made elsewhere.
        await PutAsync("e2e.viewed", "2");
        await Expect(page.Locator("#version")).ToHaveTextAsync("2", Live);
        await Expect(page.Locator("[id^='revert-']")).ToHaveCountAsync(0);
        await DashboardFixture.ScreenshotAsync(page, "viewer-value-page");

        await page.GotoAsync("/");
        await BlazorCircuit.WaitUntilInteractiveAsync(page);
        await Expect(ValueLink(page, "e2e.viewed")).ToBeVisibleAsync();
        await Expect(page.Locator("#create-value")).ToHaveCountAsync(0);
        await Expect(page.Locator(".clone-value")).ToHaveCountAsync(0);
        errors.AssertNone(_app.Output);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task ForgedWrite_FromAViewersPage_IsRefusedAndChangesNothing()
    {
        await PutAsync("e2e.forged", "1");
        var (page, _) = await OpenAsync("/values/e2e.forged");
        await SignInAsync(page, ViewerSecret);
        await BlazorCircuit.WaitUntilInteractiveAsync(page);

        // What a script (or a person with the developer tools) could send with the page's own cookie.
        var put = await page.EvaluateAsync<int>(
            "() => fetch('/api/values/e2e.forged', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '99' }).then(r => r.status)");
        var signOutWithoutToken = await page.EvaluateAsync<int>(
            "() => fetch('/auth/signout', { method: 'POST', redirect: 'manual' }).then(r => r.status)");

        Assert.Equal((int)HttpStatusCode.Forbidden, put);
        Assert.Equal((int)HttpStatusCode.BadRequest, signOutWithoutToken);
        using var current = await _operator.GetAsync(new Uri("api/values/e2e.forged", UriKind.Relative));
        Assert.Equal("\"1\"", current.Headers.ETag?.Tag);
        await page.ReloadAsync();
        await Expect(page.Locator("#signed-in-as")).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task SignIn_OperatorKey_EditsAreRecordedAsTheKeyAndSignOutEndsTheSession()
    {
        await PutAsync("e2e.edited", "{\"a\":1}");
        var (page, errors) = await OpenAsync("/values/e2e.edited");
        await SignInAsync(page, OperatorSecret);
        await BlazorCircuit.WaitUntilInteractiveAsync(page);

        await page.Locator("#edit-button").ClickAsync();
        await page.Locator("#editor-text").FillAsync("{\"a\":2}");
        await page.Locator("#save-button").ClickAsync();

        await Expect(page.Locator("#version")).ToHaveTextAsync("2");
        var who = page.Locator(".entry-who[data-version='2']");
        await Expect(who.Locator(".entry-source")).ToHaveTextAsync("ui");
        await Expect(who.Locator(".entry-principal")).ToHaveTextAsync("operator");

        await page.Locator("#sign-out").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/signin\\?error=signed-out$"));
        await page.GotoAsync("/changes");
        await Expect(page).ToHaveURLAsync(SignInUrl());
        await Expect(page.Locator("#signin-key")).ToBeVisibleAsync();
        errors.AssertNone(_app.Output);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task SignIn_WrongKey_SaysSoAndStaysOnTheSignInPage()
    {
        var (page, errors) = await OpenAsync("/changes");

        await SignInAsync(page, "not-a-key");

        await Expect(page.Locator("#signin-error")).ToContainTextAsync("not known to this server");
        await Expect(page).ToHaveURLAsync(new Regex("/signin\\?returnUrl=%2Fchanges&error=unknown-key$"));
        await SignInAsync(page, ViewerSecret);
        await Expect(page).ToHaveURLAsync(new Regex("/changes$"));
        errors.AssertNone(_app.Output);
        await page.Context.CloseAsync();
    }

    [GeneratedRegex("/signin(\\?returnUrl=[^&]+)?$")]
    private static partial Regex SignInUrl();

    private static async Task SignInAsync(IPage page, string secret)
    {
        await page.Locator("#signin-key").FillAsync(secret);
        await page.Locator("#signin-submit").ClickAsync();
    }

    private Task<(IPage Page, ConsoleErrors Errors)> OpenAsync(string path) =>
        fixture.OpenRecordingAsync(path, new BrowserNewContextOptions { BaseURL = _app.BaseAddress.ToString() });

    private async Task PutAsync(string name, string json)
    {
        using var response = await _operator.PutAsync(new Uri($"api/values/{name}", UriKind.Relative), new StringContent(json, Encoding.UTF8, "application/json"));
        response.EnsureSuccessStatusCode();
    }
}
