using EventDashboard.Web.Api.Internal;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace EventDashboard.Web.Auth.Internal;

/// <summary>
/// The dashboard's sign-in and sign-out: form posts from the sign-in page and the app bar. Both are form posts, so
/// the framework checks their antiforgery token (a page elsewhere cannot post them), and sign-in attempts are
/// limited per client address (<see cref="SignInRateLimitPolicy"/>).
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
        return endpoints;
    }

    private static async Task<RedirectHttpResult> SignInAsync(
        [FromForm(Name = "key")] string? key,
        [FromForm(Name = SignInPaths.ReturnUrlParameter)] string? returnUrl,
        HttpContext context,
        AccessKeys keys,
        ILoggerFactory loggers)
    {
        if (!keys.Any)
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

    private static async Task<Results<RedirectHttpResult, ProblemHttpResult>> SignOutAsync(HttpContext context, AccessKeys keys, IAntiforgery antiforgery, ILoggerFactory loggers)
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

        return TypedResults.Redirect(keys.Any ? SignInPaths.PageFor(null, SignInErrors.SignedOut) : "/");
    }
}
