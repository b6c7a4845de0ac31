using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace EventDashboard.Web.Auth.Internal;

/// <summary>
/// The secure-by-default rule: what a caller without a credential may do, given the credentials configured (keys,
/// single sign-on) and the addresses the server is bound to (docs/API.md, "Access control").
/// </summary>
internal sealed class AccessMode
{
    private static readonly string[] LoopbackHosts = ["localhost", "127.0.0.1", "[::1]"];

    private readonly AccessKeys _keys;
    private readonly IOptionsMonitor<AuthOptions> _options;
    private readonly IServer? _server;

    // No server: the dashboard's components rendered on their own (bUnit), which nobody else can reach.
    public AccessMode(AccessKeys keys, IOptionsMonitor<AuthOptions> options, IServer? server = null)
    {
        _keys = keys;
        _options = options;
        _server = server;

        // As the OpenID Connect scheme itself (OidcSignIn), fixed when the host starts: a provider configured later
        // would offer a sign-in that has no handler behind it.
        IsOidcEnabled = options.CurrentValue.Oidc.IsEnabled;
    }

    /// <summary>Gets a value indicating whether people can sign in through an OpenID Connect provider.</summary>
    public bool IsOidcEnabled { get; }

    /// <summary>
    /// Gets a value indicating whether this server has credentials to check: a key, or single sign-on. Without any,
    /// credentials are ignored and callers are anonymous.
    /// </summary>
    public bool ChecksCredentials => _keys.Any || IsOidcEnabled;

    /// <summary>Gets a value indicating whether anonymous callers act as Operator because no credential is configured and only loopback is bound.</summary>
    public bool IsOpenLoopback => !ChecksCredentials && _options.CurrentValue.AllowAnonymous is null && IsLoopbackOnly;

    /// <summary>Gets the role of callers without a credential, or <see langword="null"/> when they get 401.</summary>
    public AccessRole? AnonymousRole => _options.CurrentValue.AllowAnonymous switch
    {
        { } role => role,
        null when IsOpenLoopback => AccessRole.Operator,
        _ => null,
    };

    /// <summary>Gets a value indicating whether the server would be open to the network: no credential, no explicit anonymous role, and a non-loopback address bound.</summary>
    public bool IsUnsafe => !ChecksCredentials && _options.CurrentValue.AllowAnonymous is null && !IsLoopbackOnly;

    /// <summary>Gets the addresses the server listens on that are not loopback.</summary>
    public IEnumerable<string> NetworkAddresses =>
        _server?.Features.Get<IServerAddressesFeature>()?.Addresses.Where(a => !IsLoopback(a)) ?? [];

    // An in-memory server (tests) has no addresses and is reachable by nobody else.
    private bool IsLoopbackOnly => !NetworkAddresses.Any();

    /// <summary>Tells whether <paramref name="host"/> (a Host header's name, without the port) may be asked for.</summary>
    public bool AcceptsHost(string host)
    {
        var allowed = _options.CurrentValue.AllowedHosts;
        if (allowed.Count > 0)
        {
            return allowed.Contains(host, StringComparer.OrdinalIgnoreCase) || allowed.Contains("*");
        }

        // Against DNS rebinding: a name that resolves to 127.0.0.1 is still someone else's name.
        return !IsOpenLoopback || LoopbackHosts.Contains(host, StringComparer.OrdinalIgnoreCase);
    }

    private static bool IsLoopback(string address)
    {
        // Kestrel lists what it bound, such as http://127.0.0.1:5000, http://localhost:5000 (both loopbacks) or
        // http://unix:/path (a local socket): loopback. A wildcard (*, +, 0.0.0.0, [::]) or a real address is not.
        if (!Uri.TryCreate(address.Replace("://*", "://wildcard", StringComparison.Ordinal).Replace("://+", "://wildcard", StringComparison.Ordinal), UriKind.Absolute, out var uri))
        {
            return false;
        }

        if (uri.Host is "localhost" or "unix")
        {
            return true;
        }

        return IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip);
    }
}
