using System.Net;
using Microsoft.Extensions.Options;

namespace EventDashboard.Tests.Unit.Web.Auth;

/// <summary>The validation of the single sign-on settings at start, and single sign-on in the secure-by-default rule.</summary>
public sealed class OidcStartupTests
{
    private const string Oidc = "EventDashboard:Auth:Oidc";

    [Theory]
    [InlineData("Authority", "http://login.example.com/realms/ops", "it must use HTTPS (plain HTTP only for a provider on loopback)")]
    [InlineData("Authority", "not a url", "it must be the provider's issuer URL")]
    [InlineData("ClientId", "", "EventDashboard:Auth:Oidc:ClientId is missing")]
    [InlineData("RoleClaim", " ", "EventDashboard:Auth:Oidc:RoleClaim is empty")]
    [InlineData("RoleClaim", "groups", "map that claim's values to roles in Roles")]
    [InlineData("Roles:Boss:0", "admins", "EventDashboard:Auth:Oidc:Roles:Boss is not a role")]
    [InlineData("Roles:Operator:0", " ", "EventDashboard:Auth:Oidc:Roles:Operator must list the claim values")]
    public void Start_InvalidOidcSetting_FailsNamingTheSetting(string setting, string value, string expected)
    {
        var settings = new Dictionary<string, string?>
        {
            [$"{Oidc}:Authority"] = "https://login.example.com/realms/ops",
            [$"{Oidc}:ClientId"] = "eventdashboard",
            [$"{Oidc}:ClientSecret"] = "oidc-client-secret-3e9b",
            [$"{Oidc}:{setting}"] = value,
        };
        using var app = new SettingsApp(settings);

        var error = Assert.Throws<OptionsValidationException>(() => app.Services);

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("oidc-client-secret-3e9b", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Start_ClientIdWithoutAuthority_FailsAskingForTheAuthority()
    {
        using var app = new SettingsApp(new Dictionary<string, string?> { [$"{Oidc}:ClientId"] = "eventdashboard" });

        var error = Assert.Throws<OptionsValidationException>(() => app.Services);

        Assert.Contains("EventDashboard:Auth:Oidc:ClientId is set but EventDashboard:Auth:Oidc:Authority is not", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_OidcWithoutKeys_AnonymousCallerGets401()
    {
        // Single sign-on is a credential like a key: with it, anonymous callers are no longer open-access Operators.
        using var app = new SettingsApp(OidcApp.Settings("http://127.0.0.1:9/"));
        using var client = app.CreateClient();

        using var read = await client.GetAsync("/api/values");
        using var signIn = await client.GetAsync("/signin");

        Assert.Equal(HttpStatusCode.Unauthorized, read.StatusCode);
        var html = await signIn.Content.ReadAsStringAsync();
        Assert.Contains("id=\"signin-sso\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"signin-form\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignInPage_OidcNotConfigured_HasNoSingleSignOn()
    {
        using var app = new KeyedApp();
        using var client = app.ClientWith(null);

        using var page = await client.GetAsync("/signin");

        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("id=\"signin-form\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("signin-sso", html, StringComparison.Ordinal);
    }

    private sealed class SettingsApp(IReadOnlyDictionary<string, string?> settings) : EventDashboardFactory(settings);
}
