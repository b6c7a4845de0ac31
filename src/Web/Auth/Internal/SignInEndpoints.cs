using System.Text.Encodings.Web;
using EventDashboard.Web.Api.Internal;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace EventDashboard.Web.Auth.Internal;

/// <summary>
/// The dashboard's sign-in and sign-out: form posts from the sign-in page and the app bar. Both are form posts, so
/// the framework checks their antiforgery token (a page elsewhere cannot post them), and sign-in attempts are
/// limited per client address (<see cref="SignInRateLimitPolicy"/>). With single sign-on, the sign-in page's button
/// starts the provider's sign-in (<see cref="OidcSignIn"/>), which the callback ends.
/// </summary>
internal static partial class SignInEndpoints
{
    private const string LogCategory = "EventDashboard.Web.Auth.SignIn";

    public static IEndpointRouteBuilder MapSignIn(this IEndpointRouteBuilder endpoints)
    {
        // Anonymous: signing in is how a caller stops being anonymous, and signing out must work with a stale cookie.
        endpoints.MapPost(SignInPaths.SignIn, SignInAsync)
            .AllowAnonymous()
            .RequireRateLimiting(SignInRateLimitPolicy.Name)
            .ExcludeFromDescription();
        endpoints.MapPost(SignInPaths.SignOut, SignOutAsync)
            .AllowAnonymous()
            .ExcludeFromDescription();
        endpoints.MapGet(SignInPaths.Oidc, StartOidc)
            .AllowAnonymous()
            .ExcludeFromDescription();
        endpoints.MapGet(SignInPaths.OidcContinue, ContinueAfterOidc)
            .AllowAnonymous()
            .ExcludeFromDescription();
        return endpoints;
    }

    private static async Task<RedirectHttpResult> SignInAsync(
        [FromForm(Name = "key")] string? key,
        [FromForm(Name = SignInPaths.ReturnUrlParameter)] string? returnUrl,
        HttpContext context,
        AccessKeys keys,
        AccessMode mode,
        ILoggerFactory loggers)
    {
        if (!mode.ChecksCredentials)
        {
            return TypedResults.Redirect(SignInPaths.LocalReturnUrl(returnUrl));
        }

        if (string.IsNullOrWhiteSpace(key))
        {
            return TypedResults.Redirect(SignInPaths.PageFor(returnUrl, SignInErrors.Missing));
        }

        var logger = loggers.CreateLogger(LogCategory);
        if (keys.Find(key.Trim()) is not { } found)
        {
            // As for bearer keys: that a wrong secret came, and from where, never the secret.
            LogUnknownKey(logger, context.Connection.RemoteIpAddress);
            return TypedResults.Redirect(SignInPaths.PageFor(returnUrl, SignInErrors.UnknownKey));
        }

        await context.SignInAsync(SignInCookie.SchemeName, AccessPrincipal.ForKey(found, bearer: false));
        LogSignedIn(logger, found.Name, found.Role, context.Connection.RemoteIpAddress);
        return TypedResults.Redirect(SignInPaths.LocalReturnUrl(returnUrl));
    }

    /// <summary>
    /// Sends the browser to the provider. A GET (a link, no form): it changes nothing here, and the state and PKCE
    /// the framework adds tie the answer to this browser. Only the cookie is signed out of later; the provider's own
    /// session stays (docs/API.md).
    /// </summary>
    private static Results<ChallengeHttpResult, RedirectHttpResult> StartOidc(
        [FromQuery(Name = SignInPaths.ReturnUrlParameter)] string? returnUrl, AccessMode mode) =>
        mode.IsOidcEnabled
            ? TypedResults.Challenge(OidcSignIn.Challenge(returnUrl), [OidcSignIn.SchemeName])
            : TypedResults.Redirect(SignInPaths.PageFor(returnUrl));

    /// <summary>
    /// A page that goes on to <paramref name="returnUrl"/> by itself. The sign-in cookie is SameSite=Strict, and a
    /// browser leaves it off every redirect of a navigation that another site (the provider) started: a redirect
    /// straight from the callback would arrive without it. A navigation this page starts is this site's own.
    /// </summary>
    private static ContentHttpResult ContinueAfterOidc([FromQuery(Name = SignInPaths.ReturnUrlParameter)] string? returnUrl)
    {
        var target = HtmlEncoder.Default.Encode(SignInPaths.LocalReturnUrl(returnUrl));
        return TypedResults.Content(
            $"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="0;url={target}"><link rel="icon" href="data:,"><title>Signing in · EventDashboard</title></head>
            <body><p>Signed in. <a href="{target}" id="signin-continue">Continue to the dashboard</a>.</p></body></html>
            """,
            "text/html; charset=utf-8");
    }

    private static async Task<Results<RedirectHttpResult, ProblemHttpResult>> SignOutAsync(HttpContext context, AccessMode mode, IAntiforgery antiforgery, ILoggerFactory loggers)
    {
        // The form carries nothing but its token, so the framework does not check it on its own: without this any
        // page could sign a person out (a nuisance, not a breach, but a forged action all the same).
        if (!await antiforgery.IsRequestValidAsync(context))
        {
            return Problems.Create(StatusCodes.Status400BadRequest, "Form not accepted", "The sign-out form's antiforgery token is missing or not valid; sign out from the dashboard's own page.");
        }

        var signedIn = AccessPrincipal.From(context.User);
        await context.SignOutAsync(SignInCookie.SchemeName);
        if (signedIn is { Name: { } name, IsBearer: false })
        {
            var logger = loggers.CreateLogger(LogCategory);
            LogSignedOut(logger, name);
        }

        return TypedResults.Redirect(mode.ChecksCredentials ? SignInPaths.PageFor(null, SignInErrors.SignedOut) : "/");
    }
}
