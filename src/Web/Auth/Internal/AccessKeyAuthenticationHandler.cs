using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace EventDashboard.Web.Auth.Internal;

/// <summary>
/// Authenticates <c>Authorization: Bearer &lt;secret&gt;</c>, on the hub path SignalR's <c>access_token</c> query
/// parameter (browsers cannot set headers on a WebSocket), and else the dashboard's sign-in cookie. Without any the
/// caller is anonymous with the role <see cref="AccessMode"/> gives, or not authenticated at all.
/// </summary>
internal sealed partial class AccessKeyAuthenticationHandler : AuthenticationHandler<AuthenticationSchemeOptions>
{
    public const string SchemeName = "AccessKey";
    private const string BearerPrefix = "Bearer ";

    private readonly AccessKeys _keys;
    private readonly AccessMode _mode;

    public AccessKeyAuthenticationHandler(
        IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, AccessKeys keys, AccessMode mode)
        : base(options, logger, encoder)
    {
        _keys = keys;
        _mode = mode;
    }

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        // Without any credential configured (no key, no single sign-on) a credential is ignored, as Consul ignores
        // tokens with ACLs off: a client set up with a key still works against a server on open access (as
        // anonymous, so cross-site rules apply).
        if (!_mode.ChecksCredentials)
        {
            return Anonymous();
        }

        if (ReadSecret() is { } secret)
        {
            if (_keys.Find(secret) is not { } key)
            {
                // The secret itself is never logged, not even in part: only that a wrong one came, and from where.
                LogUnknownKey(Logger, Context.Connection.RemoteIpAddress);
                return AuthenticateResult.Fail(AccessDenial.UnknownKey.Detail);
            }

            return Success(AccessPrincipal.ForKey(key));
        }

        return await FromCookieAsync() ?? Anonymous();
    }

    /// <summary>
    /// The principal of the sign-in cookie, or <see langword="null"/> without one. The cookie names a key by name and
    /// secret hash only: the key as configured now gives the role and prefixes, so a key revoked, given a new secret
    /// or a lower role since the sign-in takes effect on the next request, as it does for bearer callers.
    /// </summary>
    private async Task<AuthenticateResult?> FromCookieAsync()
    {
        var cookie = await Context.AuthenticateAsync(SignInCookie.SchemeName);
        if (!cookie.Succeeded || AccessPrincipal.From(cookie.Principal) is not { Name: { } name } signedIn)
        {
            return null;
        }

        // A person's role came from the provider at sign-in and holds until the cookie expires; with single sign-on
        // turned off since, the cookie stands for nothing.
        if (signedIn.IsPerson && _mode.IsOidcEnabled)
        {
            return Success(cookie.Principal!);
        }

        if (!signedIn.IsPerson && signedIn.KeyHash is { } hash && _keys.FindCurrent(name, hash) is { } key)
        {
            return Success(AccessPrincipal.ForKey(key, bearer: false));
        }

        // Where anonymous callers have a role the browser simply continues as one; elsewhere it is told why.
        LogStaleSignIn(Logger, name);
        return _mode.AnonymousRole is null ? AuthenticateResult.Fail(AccessDenial.Revoked(signedIn).Detail) : Anonymous();
    }

    private AuthenticateResult Anonymous() =>
        _mode.AnonymousRole is { } role ? Success(AccessPrincipal.Anonymous(role)) : AuthenticateResult.NoResult();

    // The 401 and 403 bodies are written by AccessProblemResultHandler; the challenge adds only the scheme.
    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Bearer";
        return Task.CompletedTask;
    }

    private static AuthenticateResult Success(System.Security.Claims.ClaimsPrincipal user) =>
        AuthenticateResult.Success(new AuthenticationTicket(user, SchemeName));

    private string? ReadSecret()
    {
        var header = Request.Headers[HeaderNames.Authorization].ToString();
        if (header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return header[BearerPrefix.Length..].Trim();
        }

        if (Request.Path.StartsWithSegments(EventDashboardApplicationExtensions.HubPath)
            && Request.Query["access_token"].ToString() is { Length: > 0 } token)
        {
            return token;
        }

        return null;
    }
}
