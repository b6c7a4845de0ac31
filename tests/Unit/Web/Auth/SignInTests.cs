using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using EventDashboard.Tests.Unit.Web.Api;

namespace EventDashboard.Tests.Unit.Web.Auth;

/// <summary>
/// The dashboard's sign-in on the real app: the page, the cookie it gives, what the cookie may do, sign-out, and
/// refusals (a wrong key, a forged form, a revoked key, another site).
/// </summary>
public sealed class SignInTests : IClassFixture<SignInTests.App>
{
    private readonly App _app;

    public SignInTests(App app) => _app = app;

    [Theory]
    [InlineData("/", "/signin")]
    [InlineData("/changes", "/signin?returnUrl=%2Fchanges")]
    [InlineData("/values/team.a?x=1", "/signin?returnUrl=%2Fvalues%2Fteam.a%3Fx%3D1")]
    public async Task Page_Anonymous_RedirectsToSignInThatReturnsThere(string page, string expected)
    {
        using var browser = new BrowserSession(_app.KestrelAddress);

        using var response = await browser.Client.GetAsync(new Uri(page, UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(expected, response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task SignInPage_Anonymous_IsServedWithAKeyFieldAndNoCircuit()
    {
        using var browser = new BrowserSession(_app.KestrelAddress);

        var html = await browser.Client.GetStringAsync(new Uri("/signin?returnUrl=%2Fchanges", UriKind.Relative));

        Assert.Contains("id=\"signin-key\"", html, StringComparison.Ordinal);
        Assert.Contains("name=\"returnUrl\" value=\"/changes\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<!--Blazor:{", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignIn_KnownKey_SetsAnHttpOnlyStrictCookieThatOpensTheDashboard()
    {
        using var browser = new BrowserSession(_app.KestrelAddress);

        using var signIn = await browser.SignInAsync(KeyedApp.ViewerSecret, "/changes");

        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal("/changes", signIn.Headers.Location!.OriginalString);
        var setCookie = Assert.Single(signIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith("EventDashboard.SignIn=", StringComparison.Ordinal));
        Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(KeyedApp.ViewerSecret, setCookie, StringComparison.Ordinal);
        using var page = await browser.Client.GetAsync(new Uri("/changes", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var home = await browser.Client.GetStringAsync(new Uri("/", UriKind.Relative));
        Assert.Contains("id=\"signed-in-as\"", home, StringComparison.Ordinal);
        Assert.Contains("viewer · Viewer", home, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignIn_WrongKey_ComesBackWithTheErrorAndNoCookie()
    {
        using var browser = new BrowserSession(_app.KestrelAddress);

        using var signIn = await browser.SignInAsync(KeyedApp.WrongSecret, "/changes");

        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var location = signIn.Headers.Location!.OriginalString;
        Assert.Equal("/signin?returnUrl=%2Fchanges&error=unknown-key", location);
        Assert.Null(browser.SignInCookie);
        var page = await browser.Client.GetStringAsync(new Uri(location, UriKind.Relative));
        Assert.Contains("That access key is not known to this server", page, StringComparison.Ordinal);
        Assert.Contains(_app.Logs.Entries, e => e.EventId.Name == "SignInRefused");
        Assert.DoesNotContain(_app.Logs.Entries, e => e.Message.Contains(KeyedApp.WrongSecret, StringComparison.Ordinal));
    }

    [Fact]
    public async Task SignIn_NoKey_AsksForOne()
    {
        using var browser = new BrowserSession(_app.KestrelAddress);

        using var signIn = await browser.SignInAsync("  ");

        Assert.Equal("/signin?error=missing", signIn.Headers.Location!.OriginalString);
        Assert.Null(browser.SignInCookie);
    }

    [Fact]
    public async Task SignIn_WithoutTheFormsAntiforgeryToken_IsRefusedAndSetsNoCookie()
    {
        using var browser = new BrowserSession(_app.KestrelAddress);

        using var signIn = await browser.SignInAsync(KeyedApp.OperatorSecret, withToken: false);

        Assert.Equal(HttpStatusCode.BadRequest, signIn.StatusCode);
        Assert.Null(browser.SignInCookie);
    }

    [Fact]
    public async Task SignIn_FromAnotherSite_IsRefusedAndSetsNoCookie()
    {
        using var browser = new BrowserSession(_app.KestrelAddress, origin: "http://evil.example");

        using var signIn = await browser.SignInAsync(KeyedApp.OperatorSecret);

        await ProblemAssert.IsProblemAsync(signIn, HttpStatusCode.Forbidden);
        Assert.Null(browser.SignInCookie);
    }

    [Theory]
    [InlineData("//evil.example/")]
    [InlineData("https://evil.example/")]
    [InlineData("/\\evil.example")]
    [InlineData("javascript:alert(1)")]
    public async Task SignIn_ReturnUrlOffTheServer_GoesToTheDashboardHome(string returnUrl)
    {
        using var browser = new BrowserSession(_app.KestrelAddress);

        using var signIn = await browser.SignInAsync(KeyedApp.ViewerSecret, returnUrl);

        Assert.Equal("/", signIn.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Put_WithAViewersCookie_IsRefusedAsRoleTooLow()
    {
        using var browser = new BrowserSession(_app.KestrelAddress);
        await browser.SignInOrFailAsync(KeyedApp.ViewerSecret);

        using var put = await browser.Client.PutAsync(new Uri("/api/values/team.cookie-viewer", UriKind.Relative), Json("1"));

        var problem = await ProblemAssert.IsProblemAsync(put, HttpStatusCode.Forbidden);
        Assert.Equal("The key 'viewer' has the role Viewer; this needs Operator.", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Put_WithAnOperatorsCookie_IsRecordedAsTheKey()
    {
        using var browser = new BrowserSession(_app.KestrelAddress);
        await browser.SignInOrFailAsync(KeyedApp.OperatorSecret);

        using var put = await browser.Client.PutAsync(new Uri("/api/values/team.cookie-operator", UriKind.Relative), Json("1"));

        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        var history = await browser.Client.GetFromJsonAsync<JsonElement>(new Uri("/api/values/team.cookie-operator/history", UriKind.Relative));
        Assert.Equal("operator", history.GetProperty("entries")[0].GetProperty("who").GetString());
    }

    [Fact]
    public async Task Put_WithAnOperatorsCookieFromAnotherSite_IsRefused()
    {
        using var browser = new BrowserSession(_app.KestrelAddress);
        await browser.SignInOrFailAsync(KeyedApp.OperatorSecret);
        using var request = new HttpRequestMessage(HttpMethod.Put, "/api/values/team.cross-site") { Content = Json("1") };
        request.Headers.Add("Origin", "http://evil.example");

        using var put = await browser.Client.SendAsync(request);

        var problem = await ProblemAssert.IsProblemAsync(put, HttpStatusCode.Forbidden);
        Assert.Equal("Cross-site request refused", problem.GetProperty("title").GetString());
        using var admin = _app.ClientWith(KeyedApp.AdminSecret);
        using var get = await admin.GetAsync("/api/values/team.cross-site");
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
    }

    [Fact]
    public async Task SignOut_SignedIn_ClearsTheCookieAndTheDashboardAsksAgain()
    {
        using var browser = new BrowserSession(_app.KestrelAddress);
        await browser.SignInOrFailAsync(KeyedApp.ViewerSecret);

        using var signOut = await browser.SignOutAsync();

        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.Equal("/signin?error=signed-out", signOut.Headers.Location!.OriginalString);
        Assert.Null(browser.SignInCookie);
        using var page = await browser.Client.GetAsync(new Uri("/", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
    }

    [Fact]
    public async Task SignOut_WithoutTheFormsAntiforgeryToken_IsRefusedAndKeepsTheSession()
    {
        using var browser = new BrowserSession(_app.KestrelAddress);
        await browser.SignInOrFailAsync(KeyedApp.ViewerSecret);

        using var signOut = await browser.Client.PostAsync(new Uri("/auth/signout", UriKind.Relative), null);

        await ProblemAssert.IsProblemAsync(signOut, HttpStatusCode.BadRequest);
        using var page = await browser.Client.GetAsync(new Uri("/", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }

    [Fact]
    public async Task Cookie_OfARevokedKey_NoLongerSignsIn()
    {
        using var admin = _app.ClientWith(KeyedApp.AdminSecret);
        using var created = await admin.PostAsJsonAsync("/api/keys", new { name = "revoked-browser", role = "Operator" });
        created.EnsureSuccessStatusCode();
        var secret = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("secret").GetString()!;
        using var browser = new BrowserSession(_app.KestrelAddress);
        await browser.SignInOrFailAsync(secret);
        using var before = await browser.Client.GetAsync(new Uri("/api/values", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, before.StatusCode);

        using var revoked = await admin.DeleteAsync("/api/keys/revoked-browser");
        revoked.EnsureSuccessStatusCode();

        using var api = await browser.Client.GetAsync(new Uri("/api/values", UriKind.Relative));
        var problem = await ProblemAssert.IsProblemAsync(api, HttpStatusCode.Unauthorized);
        Assert.Contains("'revoked-browser' is no longer valid", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        using var page = await browser.Client.GetAsync(new Uri("/changes", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal("/signin?returnUrl=%2Fchanges", page.Headers.Location!.OriginalString);
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    // Many sign-ins from one address in a minute: the limit itself is SignInRateLimitTests' subject.
    public sealed class App() : KeyedApp(new Dictionary<string, string?> { ["EventDashboard:Auth:RateLimit:SignInsPerMinute"] = "10000" });
}
