using Microsoft.AspNetCore.Authentication.Cookies;

namespace EventDashboard.Web.Auth.Internal;

/// <summary>
/// The dashboard's sign-in cookie: it stands for the key (or the OpenID Connect person) a browser signed in with, so
/// that people never paste a key into every page. The framework's cookie handler issues and reads it; it is
/// HTTP-only (no script reads it), SameSite=Strict (no other site's page makes the browser send it) and encrypted with
/// the host's data-protection keys.
/// </summary>
internal static class SignInCookie
{
    public const string SchemeName = "SignInCookie";

    /// <summary>The cookie's name; <c>__Host-</c> would need HTTPS, which a loopback server usually lacks.</summary>
    public const string CookieName = "EventDashboard.SignIn";

    /// <summary>How long a sign-in lasts without use; each request within it extends it.</summary>
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromHours(8);

    public static void Configure(CookieAuthenticationOptions options)
    {
        options.Cookie.Name = CookieName;
        options.Cookie.HttpOnly = true;
        options.Cookie.SameSite = SameSiteMode.Strict;
        options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        options.Cookie.IsEssential = true;
        options.ExpireTimeSpan = IdleTimeout;
        options.SlidingExpiration = true;

        // A key's sign-in is checked against the key on every request, so it may slide. A person's is not (their
        // role came from the provider at sign-in), so it ends a fixed time after it and they sign in again there.
        options.Events.OnCheckSlidingExpiration = context =>
        {
            if (AccessPrincipal.From(context.Principal) is { IsPerson: true })
            {
                context.ShouldRenew = false;
            }

            return Task.CompletedTask;
        };
        options.LoginPath = SignInPaths.Page;
        options.LogoutPath = SignInPaths.SignOut;
        options.ReturnUrlParameter = SignInPaths.ReturnUrlParameter;
    }
}
