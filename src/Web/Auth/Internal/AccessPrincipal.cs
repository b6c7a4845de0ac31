using System.Security.Claims;

namespace EventDashboard.Web.Auth.Internal;

/// <summary>
/// Who a request or hub connection acts as: a key (by name), or an anonymous caller with the role that open access or
/// <see cref="AuthOptions.AllowAnonymous"/> gives. Carried as the claims of the authenticated user.
/// </summary>
internal sealed class AccessPrincipal
{
    public const string AuthenticationType = "EventDashboardAccessKey";
    private const string RoleClaim = "eventdashboard:role";
    private const string PrefixClaim = "eventdashboard:prefix";
    private const string KeyHashClaim = "eventdashboard:key-hash";
    private const string BearerClaim = "eventdashboard:bearer";

    private AccessPrincipal(string? keyName, AccessRole role, IReadOnlyList<string> prefixes, byte[]? keyHash, bool bearer)
    {
        KeyName = keyName;
        Role = role;
        Prefixes = prefixes;
        KeyHash = keyHash;
        IsBearer = bearer;
    }

    /// <summary>Gets the key's name, or <see langword="null"/> for an anonymous caller.</summary>
    public string? KeyName { get; }

    public AccessRole Role { get; }

    /// <summary>Gets the prefixes the principal is limited to; empty for every name.</summary>
    public IReadOnlyList<string> Prefixes { get; }

    /// <summary>Gets the SHA-256 of the key's secret, to tell later whether the key is still in force.</summary>
    public byte[]? KeyHash { get; }

    /// <summary>Gets a value indicating whether the credential came with the request itself (a bearer header or access_token), not from the browser's ambient state.</summary>
    public bool IsBearer { get; }

    /// <summary>Gets how the principal is named in error messages.</summary>
    public string Description => KeyName is null ? "An anonymous caller" : $"The key '{KeyName}'";

    public static ClaimsPrincipal ForKey(AccessKey key) =>
        ToClaims(key.Name, key.Role, key.Prefixes, key.SecretHash, bearer: true);

    public static ClaimsPrincipal Anonymous(AccessRole role) => ToClaims(null, role, [], null, bearer: false);

    /// <summary>Reads the principal from an authenticated user; <see langword="null"/> when the user is not one of ours.</summary>
    public static AccessPrincipal? From(ClaimsPrincipal? user)
    {
        if (user?.Identity is not { IsAuthenticated: true, AuthenticationType: AuthenticationType } identity
            || !Enum.TryParse<AccessRole>(user.FindFirstValue(RoleClaim), out var role))
        {
            return null;
        }

        var hash = user.FindFirstValue(KeyHashClaim) is { } hex ? Convert.FromHexString(hex) : null;
        return new AccessPrincipal(
            identity.Name,
            role,
            [.. user.FindAll(PrefixClaim).Select(c => c.Value)],
            hash,
            user.HasClaim(c => c.Type == BearerClaim));
    }

    /// <summary>The principal of a request that authorization let through.</summary>
    public static AccessPrincipal Of(HttpContext context) =>
        From(context.User) ?? throw new InvalidOperationException("The request reached an endpoint without an access principal; every endpoint is authorized.");

    /// <summary>Tells whether the principal may see (and, given the role, change) the value <paramref name="name"/>.</summary>
    public bool Covers(string name) => Prefixes.Count == 0 || Prefixes.Any(p => name.StartsWith(p, StringComparison.Ordinal));

    /// <summary>
    /// The prefixes to follow for a watch or list of <paramref name="prefix"/>, narrowed to what the principal may
    /// read: the prefix itself when one of the principal's covers it, else those of the principal's it covers.
    /// </summary>
    public IReadOnlyList<string> Narrow(string prefix)
    {
        if (Prefixes.Count == 0 || Prefixes.Any(p => prefix.StartsWith(p, StringComparison.Ordinal)))
        {
            return [prefix];
        }

        return [.. Prefixes.Where(p => p.StartsWith(prefix, StringComparison.Ordinal))];
    }

    private static ClaimsPrincipal ToClaims(string? name, AccessRole role, IReadOnlyList<string> prefixes, byte[]? hash, bool bearer)
    {
        var claims = new List<Claim> { new(RoleClaim, role.ToString()) };
        if (name is not null)
        {
            claims.Add(new Claim(ClaimTypes.Name, name));
        }

        claims.AddRange(prefixes.Select(p => new Claim(PrefixClaim, p)));
        if (hash is not null)
        {
            claims.Add(new Claim(KeyHashClaim, Convert.ToHexString(hash)));
        }

        if (bearer)
        {
            claims.Add(new Claim(BearerClaim, "true"));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, AuthenticationType));
    }
}
