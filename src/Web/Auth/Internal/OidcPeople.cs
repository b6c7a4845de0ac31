using System.Security.Claims;

namespace EventDashboard.Web.Auth.Internal;

/// <summary>
/// Who a person signed in through OpenID Connect is to this server: the name history records, and the role their
/// ID token's claims map to (<see cref="OidcOptions.Roles"/>, else role names themselves, else
/// <see cref="OidcOptions.DefaultRole"/>).
/// </summary>
internal static class OidcPeople
{
    // After the configured claim: what providers commonly carry, most readable first; sub is always there.
    // Not "name": a display name is free text people often set themselves, and history must not record a person
    // under a name they chose to look like someone else (or like a key).
    private static readonly string[] NameFallbacks = ["email", "sub"];

    /// <summary>The person's name, or <see langword="null"/> when the token carries none of the name claims.</summary>
    public static string? NameOf(ClaimsPrincipal person, OidcOptions options) =>
        new[] { options.NameClaim }.Concat(NameFallbacks)
            .Select(type => person.FindFirst(type)?.Value)
            .FirstOrDefault(value => !string.IsNullOrWhiteSpace(value));

    /// <summary>
    /// The highest role any value of the role claim maps to, else the default role; <see langword="null"/> when the
    /// person has none and is refused.
    /// </summary>
    public static AccessRole? RoleOf(ClaimsPrincipal person, OidcOptions options)
    {
        // With JSON web tokens, a claim holding an array arrives as one claim per element.
        var values = person.FindAll(options.RoleClaim).Select(c => c.Value).ToHashSet(StringComparer.OrdinalIgnoreCase);
        AccessRole? best = null;
        foreach (var role in Enum.GetValues<AccessRole>())
        {
            if (MappedValues(options, role).Any(values.Contains) && (best is null || role > best))
            {
                best = role;
            }
        }

        return best ?? options.DefaultRole;
    }

    /// <summary>The claim values that give <paramref name="role"/>: as configured, or the role's own name without a mapping.</summary>
    private static IEnumerable<string> MappedValues(OidcOptions options, AccessRole role)
    {
        if (options.Roles.Count == 0)
        {
            return [role.ToString()];
        }

        // Keys compare without case, whatever dictionary the configuration binder made.
        return options.Roles
            .Where(pair => string.Equals(pair.Key, role.ToString(), StringComparison.OrdinalIgnoreCase))
            .SelectMany(pair => pair.Value);
    }
}
