using Microsoft.AspNetCore.Authorization;

namespace EventDashboard.Web.Auth.Internal;

/// <summary>The authorization policies, one per role, named after it; endpoints without one need <see cref="AccessRole.Viewer"/>.</summary>
internal static class AccessPolicies
{
    public const string Viewer = nameof(AccessRole.Viewer);
    public const string Operator = nameof(AccessRole.Operator);
    public const string Admin = nameof(AccessRole.Admin);

    public static void Add(AuthorizationOptions options)
    {
        foreach (var role in Enum.GetValues<AccessRole>())
        {
            options.AddPolicy(role.ToString(), For(role));
        }

        // Everything not marked otherwise (the OpenAPI document, metrics, the dashboard's files) is a read.
        options.FallbackPolicy = For(AccessRole.Viewer);
    }

    private static AuthorizationPolicy For(AccessRole role) =>
        new AuthorizationPolicyBuilder(AccessKeyAuthenticationHandler.SchemeName).AddRequirements(new RoleRequirement(role)).Build();
}
