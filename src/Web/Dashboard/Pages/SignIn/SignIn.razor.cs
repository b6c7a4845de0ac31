using EventDashboard.Web.Auth;
using EventDashboard.Web.Auth.Internal;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;

namespace EventDashboard.Web.Dashboard.Pages.SignIn;

/// <summary>
/// The dashboard's sign-in page, as Consul's UI has "log in with a token": a person pastes an access key, and a
/// cookie then stands for it. The page is static (rendered on the server alone): the form posts to
/// <see cref="SignInPaths.SignIn"/>, which checks the key, answers a wrong one by coming back here with an error, and
/// limits attempts per address. The key never appears in a URL. With single sign-on configured it also offers the
/// provider's sign-in (<see cref="SignInPaths.Oidc"/>), and says why one did not work.
/// </summary>
public sealed partial class SignIn
{
    [Inject]
    private AccessKeys Keys { get; set; } = default!;

    [Inject]
    private AccessMode Mode { get; set; } = default!;

    [Inject]
    private IOptions<AuthOptions> Options { get; set; } = default!;

    [CascadingParameter]
    private HttpContext? HttpContext { get; set; }

    [SupplyParameterFromQuery(Name = SignInPaths.ReturnUrlParameter)]
    private string? ReturnUrl { get; set; }

    [SupplyParameterFromQuery(Name = "error")]
    private string? Error { get; set; }

    private string Continue => SignInPaths.LocalReturnUrl(ReturnUrl);

    // Relative, as the form's action: the page's base address holds the path base.
    private string SsoHref => SignInPaths.WithReturnUrl(SignInPaths.Oidc, ReturnUrl).TrimStart('/');

    private string SsoName => Options.Value.Oidc.DisplayName;

    private string? SignedInAs => AccessPrincipal.From(HttpContext?.User) is { Name: { } name } principal
        ? $"{name} ({principal.Role})"
        : null;

    private string? ErrorText => Error switch
    {
        null => null,
        SignInErrors.Missing => "Enter an access key.",
        SignInErrors.UnknownKey => "That access key is not known to this server: a wrong secret, or a revoked key.",
        SignInErrors.SignedOut => null,
        SignInErrors.NoRole => $"You signed in with {SsoName}, but your account has no role on this server. Ask an administrator to give you one of the groups or roles it accepts.",
        SignInErrors.SsoFailed => $"Signing in with {SsoName} did not complete: the provider refused, the sign-in took too long, or its answer could not be verified. Try again.",
        _ => "Signing in did not work. Try again.",
    };
}
