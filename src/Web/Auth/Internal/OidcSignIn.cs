using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace EventDashboard.Web.Auth.Internal;

/// <summary>
/// Sign-in through an OpenID Connect provider (<see cref="OidcOptions"/>): the authorization code flow with PKCE, the
/// code sent back in the query (a redirect, so the CSP's <c>form-action 'self'</c> holds). Once the ID token is
/// validated in full its person becomes an <see cref="AccessPrincipal"/> with a role, and the sign-in cookie holds that
/// alone: no token is kept. A person whose claims map to no role goes back to the sign-in page, signed in nowhere.
/// </summary>
internal static partial class OidcSignIn
{
    public const string SchemeName = "Oidc";

    /// <summary>Where, in the authentication properties, the sign-in keeps the page to return to (for a refusal).</summary>
    private const string ReturnUrlItem = "eventdashboard:return-url";

    private const string LogCategory = "EventDashboard.Web.Auth.Oidc";

    /// <summary>The scopes every sign-in asks for: the ID token, and the claims that name the person.</summary>
    private static readonly string[] StandardScopes = ["openid", "profile", "email"];

    /// <summary>
    /// Registers the scheme when <see cref="OidcOptions.Authority"/> is set. The choice is made when the
    /// authentication options are first read (from the options, so every configuration source counts), not while
    /// services are added: an OpenID Connect handler without settings would fail every request it looks at.
    /// </summary>
    public static IServiceCollection AddOidcSignIn(this IServiceCollection services)
    {
        services.AddOptions<AuthenticationOptions>().Configure<IOptions<AuthOptions>>((authentication, auth) =>
        {
            if (auth.Value.Oidc.IsEnabled)
            {
                authentication.AddScheme<OpenIdConnectHandler>(SchemeName, auth.Value.Oidc.DisplayName);
            }
        });
        services.AddOptions<OpenIdConnectOptions>(SchemeName).Configure<IOptions<AuthOptions>>((oidc, auth) => Configure(oidc, auth.Value.Oidc));

        // What AddOpenIdConnect adds besides the scheme: discovery, the state's protection, the backchannel.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<OpenIdConnectOptions>, OpenIdConnectPostConfigureOptions>());

        // The handler logs the whole callback URL, code included, at Trace: never, whatever the configured level.
        services.AddLogging(logging => logging.AddFilter(typeof(OpenIdConnectHandler).FullName, LogLevel.Debug));
        return services;
    }

    /// <summary>The challenge that sends a browser to the provider, to come back to <paramref name="returnUrl"/> (made local).</summary>
    public static AuthenticationProperties Challenge(string? returnUrl)
    {
        var local = SignInPaths.LocalReturnUrl(returnUrl);
        var properties = new AuthenticationProperties { RedirectUri = SignInPaths.WithReturnUrl(SignInPaths.OidcContinue, local) };
        properties.Items[ReturnUrlItem] = local;
        return properties;
    }

    private static void Configure(OpenIdConnectOptions oidc, OidcOptions options)
    {
        if (!options.IsEnabled)
        {
            return;
        }

        oidc.Authority = options.Authority;
        oidc.ClientId = options.ClientId;
        oidc.ClientSecret = string.IsNullOrEmpty(options.ClientSecret) ? null : options.ClientSecret;

        // The validator allows plain HTTP only for a provider on this machine (tests, a local Keycloak).
        oidc.RequireHttpsMetadata = !new Uri(options.Authority!).IsLoopback;
        oidc.SignInScheme = SignInCookie.SchemeName;
        oidc.CallbackPath = SignInPaths.OidcCallback;
        oidc.ResponseType = OpenIdConnectResponseType.Code;
        oidc.ResponseMode = OpenIdConnectResponseMode.Query;
        oidc.UsePkce = true;
        oidc.MapInboundClaims = false;
        oidc.SaveTokens = false;
        oidc.GetClaimsFromUserInfoEndpoint = false;
        oidc.DisableTelemetry = true;
        oidc.Scope.Clear();
        foreach (var scope in StandardScopes.Concat(options.Scopes).Distinct(StringComparer.Ordinal))
        {
            oidc.Scope.Add(scope);
        }

        // The provider sends the browser back with a top-level GET, which carries Lax cookies; the framework's
        // default (SameSite=None, Secure) would be dropped on a plain-HTTP loopback server.
        foreach (var cookie in new[] { oidc.CorrelationCookie, oidc.NonceCookie })
        {
            cookie.SameSite = SameSiteMode.Lax;
            cookie.SecurePolicy = Microsoft.AspNetCore.Http.CookieSecurePolicy.SameAsRequest;
        }

        oidc.Events.OnTicketReceived = context => OnTicketReceived(context, options);
        oidc.Events.OnRemoteFailure = OnRemoteFailure;
    }

    /// <summary>
    /// Makes the person an <see cref="AccessPrincipal"/>, or refuses them. This runs last, once the handler checked
    /// everything (signature, issuer, audience, lifetime, nonce, and the protocol's rules, some of which it checks
    /// after the token-validated event), so that neither a sign-in nor a refusal is logged for a token that fails.
    /// </summary>
    private static Task OnTicketReceived(TicketReceivedContext context, OidcOptions options)
    {
        var logger = Logger(context.HttpContext);
        var remote = context.HttpContext.Connection.RemoteIpAddress;
        var name = context.Principal is { } person ? OidcPeople.NameOf(person, options) : null;
        var role = context.Principal is { } claims ? OidcPeople.RoleOf(claims, options) : null;
        if (name is null || role is null)
        {
            LogNoRole(logger, name ?? "(no name)", options.RoleClaim, remote);
            Refuse(context, context.Properties, SignInErrors.NoRole);
            return Task.CompletedTask;
        }

        // Only our claims go into the cookie: small, and nothing of the provider's tokens.
        context.Principal = AccessPrincipal.ForPerson(name, role.Value);
        LogSignedIn(logger, name, role.Value, remote);
        return Task.CompletedTask;
    }

    private static Task OnRemoteFailure(RemoteFailureContext context)
    {
        // The framework's own messages (a bad state, a failed correlation, an invalid signature, the provider's
        // error) name what failed, never a token or code: IdentityModel hides those unless told to show them.
        var logger = Logger(context.HttpContext);
        if (logger.IsEnabled(LogLevel.Information))
        {
            LogFailed(logger, context.HttpContext.Connection.RemoteIpAddress, context.Failure?.Message ?? "unknown");
        }

        Refuse(context, context.Properties, SignInErrors.SsoFailed);
        return Task.CompletedTask;
    }

    private static void Refuse<TOptions>(HandleRequestContext<TOptions> context, AuthenticationProperties? properties, string error)
        where TOptions : RemoteAuthenticationOptions
    {
        context.HandleResponse();
        var returnUrl = properties?.Items.TryGetValue(ReturnUrlItem, out var url) == true ? url : null;
        context.Response.Redirect(SignInPaths.PageFor(returnUrl, error));
    }

    private static ILogger Logger(HttpContext context) =>
        context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(LogCategory);
}
