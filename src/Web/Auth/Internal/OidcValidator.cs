namespace EventDashboard.Web.Auth.Internal;

/// <summary>What is wrong with <see cref="OidcOptions"/>, in messages that name the setting; never mentions the client secret.</summary>
internal static class OidcValidator
{
    private const string Section = AuthOptions.SectionName + ":Oidc";

    public static IEnumerable<string> Describe(OidcOptions oidc)
    {
        if (!oidc.IsEnabled)
        {
            // Half a configuration is a mistake, not a choice to leave single sign-on off.
            if (!string.IsNullOrWhiteSpace(oidc.ClientId) || !string.IsNullOrEmpty(oidc.ClientSecret))
            {
                yield return $"{Section}:ClientId is set but {Section}:Authority is not; set the provider's issuer URL as Authority, or remove the Oidc settings.";
            }

            yield break;
        }

        if (!Uri.TryCreate(oidc.Authority, UriKind.Absolute, out var authority) || (authority.Scheme != Uri.UriSchemeHttps && authority.Scheme != Uri.UriSchemeHttp))
        {
            yield return $"{Section}:Authority is '{oidc.Authority}'; it must be the provider's issuer URL, such as https://login.example.com/realms/ops.";
        }
        else if (authority.Scheme == Uri.UriSchemeHttp && !authority.IsLoopback)
        {
            yield return $"{Section}:Authority is '{oidc.Authority}'; it must use HTTPS (plain HTTP only for a provider on loopback), since its keys sign who people are.";
        }

        if (string.IsNullOrWhiteSpace(oidc.ClientId))
        {
            yield return $"{Section}:ClientId is missing; it is the client id this server is registered with at the provider.";
        }

        if (string.IsNullOrWhiteSpace(oidc.RoleClaim))
        {
            yield return $"{Section}:RoleClaim is empty; name the ID token claim that gives the role (such as roles or groups).";
        }

        // Without a mapping a claim value that is a role's name is that role. That is safe for a role claim the
        // provider's administrators set (role, roles: app roles), not for groups and the like, which on some
        // providers people name themselves (a group called "Admin").
        if (oidc.Roles.Count == 0 && oidc.RoleClaim is { Length: > 0 } claim && !claim.Equals("role", StringComparison.OrdinalIgnoreCase) && !claim.Equals("roles", StringComparison.OrdinalIgnoreCase))
        {
            yield return $"{Section}:RoleClaim is '{oidc.RoleClaim}' and {Section}:Roles is empty; map that claim's values to roles in Roles (such as {Section}:Roles:Operator:0=<group>), since only a role or roles claim may name a role directly.";
        }

        if (string.IsNullOrWhiteSpace(oidc.NameClaim))
        {
            yield return $"{Section}:NameClaim is empty; name the ID token claim that names the person (default preferred_username).";
        }

        if (string.IsNullOrWhiteSpace(oidc.DisplayName))
        {
            yield return $"{Section}:DisplayName is empty; it is the provider's name on the sign-in page.";
        }

        if (oidc.DefaultRole is { } role && !Enum.IsDefined(role))
        {
            yield return $"{Section}:DefaultRole must be Viewer, Operator or Admin, or left out to refuse people with no role.";
        }

        foreach (var (name, values) in oidc.Roles)
        {
            if (!IsRoleName(name))
            {
                yield return $"{Section}:Roles:{name} is not a role; the keys of Roles must be Viewer, Operator or Admin.";
            }
            else if (values.Count == 0 || values.Any(string.IsNullOrWhiteSpace))
            {
                yield return $"{Section}:Roles:{name} must list the claim values (such as group or role names) that give the role, none empty.";
            }
        }
    }

    public static bool IsRoleName(string text) =>
        Enum.TryParse<AccessRole>(text, ignoreCase: true, out var role) && Enum.IsDefined(role) && !int.TryParse(text, out _);
}
