namespace EventDashboard.Web.Auth;

/// <summary>
/// Sign-in through an OpenID Connect provider (Keycloak, Entra ID, Okta, Authentik, Dex…), bound from
/// <c>EventDashboard:Auth:Oidc</c>: people sign in to the dashboard there instead of pasting a key, and a claim of
/// their ID token gives their role. Off unless <see cref="Authority"/> is set; read when the host starts. See
/// docs/API.md, "Single sign-on (OpenID Connect)".
/// </summary>
public sealed class OidcOptions
{
    /// <summary>
    /// Gets or sets the provider's issuer URL (such as <c>https://login.example.com/realms/ops</c>); its discovery
    /// document is read from <c>/.well-known/openid-configuration</c> below it. It must be HTTPS, except for a
    /// provider on loopback (<c>localhost</c>, <c>127.0.0.1</c>, <c>[::1]</c>). Unset: single sign-on is off.
    /// </summary>
    public string? Authority { get; set; }

    /// <summary>Gets or sets the client id this server is registered with at the provider.</summary>
    public string? ClientId { get; set; }

    /// <summary>
    /// Gets or sets the client secret, for a confidential client; unset for a public client (the code flow is
    /// protected by PKCE either way).
    /// </summary>
    public string? ClientSecret { get; set; }

    /// <summary>
    /// Gets or sets the ID token claim whose values give the person's role (default <c>role</c>; Entra ID app roles
    /// are <c>roles</c>, group memberships usually <c>groups</c>). A claim holding an array counts each element.
    /// </summary>
    public string RoleClaim { get; set; } = "role";

    /// <summary>
    /// Gets or sets which values of <see cref="RoleClaim"/> give which role, keyed by role name (<c>Viewer</c>,
    /// <c>Operator</c>, <c>Admin</c>), such as <c>Roles:Operator:0=eventdashboard-operators</c>. Values compare
    /// case-insensitively; a person with several gets the highest. Empty: a value equal to a role name (any case) is
    /// that role.
    /// </summary>
    public IDictionary<string, IList<string>> Roles { get; set; } = new Dictionary<string, IList<string>>(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Gets or sets the role of a person none of whose claim values maps to one. Unset: such a person is refused, and
    /// the sign-in page says why.
    /// </summary>
    public AccessRole? DefaultRole { get; set; }

    /// <summary>
    /// Gets or sets the claim that names the person in history and on the dashboard (default
    /// <c>preferred_username</c>); without it <c>email</c> and then <c>sub</c> are used (never the free-text <c>name</c>).
    /// </summary>
    public string NameClaim { get; set; } = "preferred_username";

    /// <summary>
    /// Gets or sets scopes to ask for besides <c>openid</c>, <c>profile</c> and <c>email</c>, when the provider puts
    /// the role claim in the ID token only for a scope (such as <c>roles</c> or <c>groups</c>).
    /// </summary>
    public IList<string> Scopes { get; set; } = [];

    /// <summary>Gets or sets the provider's name on the sign-in page's button ("Sign in with …").</summary>
    public string DisplayName { get; set; } = "single sign-on";

    /// <summary>Gets a value indicating whether single sign-on is configured (<see cref="Authority"/> is set).</summary>
    public bool IsEnabled => !string.IsNullOrWhiteSpace(Authority);
}
