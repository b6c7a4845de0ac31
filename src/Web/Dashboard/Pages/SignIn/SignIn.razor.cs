using EventDashboard.Web.Auth.Internal;
using Microsoft.AspNetCore.Components;

namespace EventDashboard.Web.Dashboard.Pages.SignIn;

/// <summary>
/// The dashboard's sign-in page, as Consul's UI has "log in with a token": a person pastes an access key, and a
/// cookie then stands for it. The page is static (rendered on the server alone): the form posts to
/// <see cref="SignInPaths.SignIn"/>, which checks the key, answers a wrong one by coming back here with an error, and
/// limits attempts per address. The key never appears in a URL.
/// </summary>
public sealed partial class SignIn
{
    [Inject]
    private AccessKeys Keys { get; set; } = default!;

    [CascadingParameter]
    private HttpContext? HttpContext { get; set; }

    [SupplyParameterFromQuery(Name = SignInPaths.ReturnUrlParameter)]
    private string? ReturnUrl { get; set; }

    [SupplyParameterFromQuery(Name = "error")]
    private string? Error { get; set; }

    private string Continue => SignInPaths.LocalReturnUrl(ReturnUrl);

    private string? SignedInAs => AccessPrincipal.From(HttpContext?.User) is { Name: { } name } principal
        ? $"{name} ({principal.Role})"
        : null;

    private string? ErrorText => Error switch
    {
        null => null,
        SignInErrors.Missing => "Enter an access key.",
        SignInErrors.UnknownKey => "That access key is not known to this server: a wrong secret, or a revoked key.",
        SignInErrors.SignedOut => null,
        _ => "Signing in did not work. Try again.",
    };
}
