namespace EventDashboard.Web.Auth;

/// <summary>
/// Access control, bound from the <c>EventDashboard:Auth</c> configuration section and validated when the host
/// starts; see docs/API.md, "Access control".
/// </summary>
public sealed class AuthOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "EventDashboard:Auth";

    /// <summary>
    /// Gets or sets the access keys. With none (and no <see cref="Oidc"/>), only a server bound to loopback alone
    /// starts (open access).
    /// </summary>
    public IList<AccessKeyOptions> Keys { get; set; } = [];

    /// <summary>
    /// Gets or sets the role of callers without a credential. Unset: none with keys configured (401), and
    /// <see cref="AccessRole.Operator"/> without keys on a loopback-only server. Setting it lets a server without keys
    /// start on any address.
    /// </summary>
    public AccessRole? AllowAnonymous { get; set; }

    /// <summary>
    /// Gets or sets the origins (such as <c>https://ops.example.com</c>) besides the server's own whose pages may open
    /// hub or dashboard connections and send writes on behalf of anonymous callers.
    /// </summary>
    public IList<string> AllowedOrigins { get; set; } = [];

    /// <summary>
    /// Gets or sets the host names accepted in the <c>Host</c> header. Unset: any, except in open access, where only
    /// <c>localhost</c>, <c>127.0.0.1</c> and <c>[::1]</c> are (against DNS rebinding).
    /// </summary>
    public IList<string> AllowedHosts { get; set; } = [];

    /// <summary>
    /// Gets or sets sign-in through an OpenID Connect provider. Once configured, it counts as a credential as keys
    /// do: callers without one get 401 (unless <see cref="AllowAnonymous"/>), whatever the address bound.
    /// </summary>
    public OidcOptions Oidc { get; set; } = new();

    /// <summary>Gets or sets the per-principal limits on writes.</summary>
    public RateLimitOptions RateLimit { get; set; } = new();
}
