using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using EventDashboard.Tests.Unit.TestSupport.Oidc;
using EventDashboard.Tests.Unit.Web.Api;
using Microsoft.AspNetCore.WebUtilities;

namespace EventDashboard.Tests.Unit.Web.Auth;

/// <summary>
/// People signing in to the dashboard through OpenID Connect, against a real provider on loopback: the code flow
/// from the sign-in page's button to the sign-in cookie, what the cookie then lets them do, and every refusal (no
/// role, a forged token, a tampered state, the provider saying no) ending on the sign-in page with nothing signed in.
/// </summary>
public sealed class OidcSignInTests : IClassFixture<OidcApp>
{
    private readonly OidcApp _oidc;

    public OidcSignInTests(OidcApp oidc) => _oidc = oidc;

    [Fact]
    public async Task SignIn_OperatorClaim_WritesThroughTheCookieAndHistoryRecordsThePerson()
    {
        using var browser = _oidc.Browser();

        var (address, page) = await browser.SignInAsync("alice", "/changes");
        var (status, who) = await PutAsync(browser, "sso.alice");

        Assert.Equal("/auth/oidc/continue", address.AbsolutePath);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("url=/changes\"", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True(browser.IsSignedIn);
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal("alice", who);
    }

    [Fact]
    public async Task SignIn_ViewerClaim_ReadsTheDashboardButMayNotWrite()
    {
        using var browser = _oidc.Browser();

        await browser.SignInAsync("bob");
        using var dashboard = await browser.GetAsync("/");
        using var put = await browser.SendAsync(new HttpRequestMessage(HttpMethod.Put, "/api/values/sso.bob") { Content = Json("1") });

        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        var problem = await ProblemAssert.IsProblemAsync(put, HttpStatusCode.Forbidden);
        Assert.Equal("The user 'bob' has the role Viewer; this needs Operator.", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task SignIn_NoNameClaimButSub_IsNamedBySub()
    {
        using var browser = _oidc.Browser();

        await browser.SignInAsync("nameless-7f3a");
        var (status, who) = await PutAsync(browser, "sso.nameless");

        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal("nameless-7f3a", who);
    }

    [Fact]
    public async Task SignIn_NoMappedRole_EndsOnTheSignInPageWithTheReasonAndNoCookie()
    {
        using var browser = _oidc.Browser();

        var (address, page) = await browser.SignInAsync("carol", "/changes");
        using var read = await browser.GetAsync("/api/values");

        Assert.Equal("/signin", address.AbsolutePath);
        Assert.Equal("sso-no-role", QueryHelpers.ParseQuery(address.Query)["error"].ToString());
        Assert.Equal("/changes", QueryHelpers.ParseQuery(address.Query)["returnUrl"].ToString());
        Assert.Contains("your account has no role on this server", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(browser.IsSignedIn);
        Assert.Equal(HttpStatusCode.Unauthorized, read.StatusCode);
    }

    [Fact]
    public async Task SignIn_IdTokenSignedWithAnotherKey_IsRefused()
    {
        using var browser = _oidc.Browser();

        var (address, page) = await browser.SignInAsync("mallory");

        AssertRefused(browser, address);
        Assert.Contains($"Signing in with {OidcApp.DisplayName} did not complete", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignIn_StateChangedOnTheWayBack_IsRefusedBeforeTheCodeIsRedeemed()
    {
        using var browser = _oidc.Browser();
        var redeemed = _oidc.Provider.Redeemed;

        var (address, _) = await browser.SignInAsync("alice", atCallback: callback =>
        {
            var query = QueryHelpers.ParseQuery(callback.Query);
            return new Uri(QueryHelpers.AddQueryString(callback.GetLeftPart(UriPartial.Path), new Dictionary<string, string?>
            {
                ["code"] = query["code"],
                ["state"] = "A" + query["state"],
            }));
        });

        AssertRefused(browser, address);
        Assert.Equal(redeemed, _oidc.Provider.Redeemed);
    }

    [Fact]
    public async Task SignIn_CallbackFromAnotherBrowser_IsRefused()
    {
        // Login CSRF: an attacker's own code and state, delivered to the victim's browser, which never started a
        // sign-in (so holds no correlation cookie for that state).
        using var attacker = _oidc.Browser();
        using var victim = _oidc.Browser();
        Uri? stolen = null;
        await attacker.SignInAsync("alice", atCallback: callback =>
        {
            stolen = callback;
            return new Uri(callback, "/signin");
        });

        using var response = await victim.GetAsync(stolen!.PathAndQuery);

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        AssertRefused(victim, new Uri(victim.Server, response.Headers.Location!));
    }

    [Fact]
    public async Task SignIn_ProviderDeniesAccess_IsRefused()
    {
        using var browser = _oidc.Browser();

        var (address, _) = await browser.SignInAsync("nobody-the-provider-knows");

        AssertRefused(browser, address);
    }

    [Fact]
    public async Task SignIn_ReturnUrlOfAnotherSite_ContinuesToTheDashboardHome()
    {
        using var browser = _oidc.Browser();

        var (_, page) = await browser.SignInAsync("alice", "https://evil.example/phish");

        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("url=/\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("evil.example", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignOut_Person_ForgetsTheCookie()
    {
        using var browser = _oidc.Browser();
        await browser.SignInAsync("alice");

        using var signOut = await browser.Session.SignOutAsync();
        using var read = await browser.GetAsync("/api/values");

        Assert.Equal(HttpStatusCode.Found, signOut.StatusCode);
        Assert.Equal("/signin?error=signed-out", signOut.Headers.Location!.OriginalString);
        Assert.False(browser.IsSignedIn);
        Assert.Equal(HttpStatusCode.Unauthorized, read.StatusCode);
    }

    [Fact]
    public async Task SignInPage_OidcConfigured_OffersTheProviderBesideTheKeyForm()
    {
        using var browser = _oidc.Browser();

        using var page = await browser.GetAsync("/signin?returnUrl=%2Fchanges");

        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("id=\"signin-sso\"", html, StringComparison.Ordinal);
        Assert.Contains($"Sign in with {OidcApp.DisplayName}", html, StringComparison.Ordinal);
        Assert.Contains("href=\"auth/oidc?returnUrl=%2Fchanges\"", html, StringComparison.Ordinal);

        // A whole-page navigation: an enhanced one is a fetch, and the redirect to the provider is outside the CSP's connect-src.
        Assert.Contains("data-enhance-nav=\"false\"", html, StringComparison.Ordinal);
        Assert.Contains("id=\"signin-form\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Log_SignInsAndRefusals_HoldNoCodeTokenOrClientSecret()
    {
        using var browser = _oidc.Browser();
        await browser.SignInAsync("alice");
        await browser.SignInAsync("carol");
        await browser.SignInAsync("mallory");

        var logged = _oidc.App.Logs.Entries;

        Assert.Contains(logged, e => e.Message.Contains("through OpenID Connect as alice (Operator)", StringComparison.Ordinal));
        Assert.Contains(logged, e => e.Message.Contains("carol signed in at the OpenID Connect provider", StringComparison.Ordinal));
        string[] secrets = [TestOidcProvider.ClientSecret, .. _oidc.Provider.Issued];
        Assert.True(secrets.Length > 3);
        foreach (var entry in logged)
        {
            var text = $"{entry.Message} {entry.Exception}";
            Assert.DoesNotContain(secrets, secret => text.Contains(secret, StringComparison.Ordinal));
        }
    }

    private static void AssertRefused(OidcBrowser browser, Uri address)
    {
        Assert.Equal("/signin", address.AbsolutePath);
        Assert.Equal("sso-failed", QueryHelpers.ParseQuery(address.Query)["error"].ToString());
        Assert.False(browser.IsSignedIn);
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    /// <summary>Sets <paramref name="name"/> through the browser's cookie; with success, who history records for it.</summary>
    private async Task<(HttpStatusCode Status, string? Who)> PutAsync(OidcBrowser browser, string name)
    {
        using var put = await browser.SendAsync(new HttpRequestMessage(HttpMethod.Put, $"/api/values/{name}") { Content = Json("1") });
        if (put.StatusCode != HttpStatusCode.Created)
        {
            return (put.StatusCode, null);
        }

        using var reader = _oidc.App.ClientWith(KeyedApp.ViewerSecret);
        var history = await reader.GetFromJsonAsync<JsonElement>($"/api/values/{name}/history");
        return (put.StatusCode, history.GetProperty("entries")[0].GetProperty("who").GetString());
    }
}
