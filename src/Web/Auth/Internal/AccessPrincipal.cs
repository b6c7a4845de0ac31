using System.Diagnostics;
using System.Security.Claims;

namespace EventDashboard.Web.Auth.Internal;

/// <summary>
/// Who a request or hub connection acts as: a key (by name), a person signed in to the dashboard (with a key, or
/// through OpenID Connect), or an anonymous caller with the role that open access or
/// <see cref="AuthOptions.AllowAnonymous"/> gives. Carried as the claims of the authenticated user, and in the
/// dashboard's sign-in cookie.
/// </summary>
internal sealed class AccessPrincipal
{
    public const string AuthenticationType = "EventDashboardAccessKey";
    private const string RoleClaim = "eventdashboard:role";
    private const string PrefixClaim = "eventdashboard:prefix";
    private const string KeyHashClaim = "eventdashboard:key-hash";
    private const string BearerClaim = "eventdashboard:bearer";
    private const string PersonClaim = "eventdashboard:person";

    private AccessPrincipal(string? name, AccessRole role, IReadOnlyList<string> prefixes, byte[]? keyHash, bool bearer, bool person)
    {
        Name = name;
        Role = role;
        Prefixes = prefixes;
        KeyHash = keyHash;
        IsBearer = bearer;
        IsPerson = person;
        Debug.Assert(!person || keyHash is null, "A person signed in through OpenID Connect holds no key.");
    }

    /// <summary>
    /// Gets the key's name, or the signed-in person's; <see langword="null"/> for an anonymous caller. History
    /// records it as who made a change.
    /// </summary>
    public string? Name { get; }

    public AccessRole Role { get; }

    /// <summary>Gets the prefixes the principal is limited to; empty for every name.</summary>
    public IReadOnlyList<string> Prefixes { get; }

    /// <summary>Gets the SHA-256 of the key's secret, to tell later whether the key is still in force; <see langword="null"/> when no key is involved.</summary>
    public byte[]? KeyHash { get; }

    /// <summary>Gets a value indicating whether the credential came with the request itself (a bearer header or access_token), not from the browser's ambient state.</summary>
    public bool IsBearer { get; }

    /// <summary>Gets a value indicating whether a person signed in through OpenID Connect, rather than with a key.</summary>
    public bool IsPerson { get; }

    /// <summary>Gets how the principal is named in error messages.</summary>
    public string Description => (Name, IsPerson) switch
    {
        (null, _) => "An anonymous caller",
        (_, true) => $"The user '{Name}'",
        _ => $"The key '{Name}'",
    };

    /// <summary>A key's principal: <paramref name="bearer"/> when the request carried the secret, not when a sign-in cookie stands for it.</summary>
    public static ClaimsPrincipal ForKey(AccessKey key, bool bearer = true) =>
        ToClaims(key.Name, key.Role, key.Prefixes, key.SecretHash, bearer, person: false);

    /// <summary>A person signed in through OpenID Connect, by the name the provider gave.</summary>
    public static ClaimsPrincipal ForPerson(string name, AccessRole role) => ToClaims(name, role, [], null, bearer: false, person: true);

    public static ClaimsPrincipal Anonymous(AccessRole role) => ToClaims(null, role, [], null, bearer: false, person: false);

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
            user.HasClaim(c => c.Type == BearerClaim),
            user.HasClaim(c => c.Type == PersonClaim));
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

    private static ClaimsPrincipal ToClaims(string? name, AccessRole role, IReadOnlyList<string> prefixes, byte[]? hash, bool bearer, bool person)
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

        if (person)
        {
            claims.Add(new Claim(PersonClaim, "true"));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, AuthenticationType));
    }
}
