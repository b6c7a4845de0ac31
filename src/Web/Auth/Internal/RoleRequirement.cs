using Microsoft.AspNetCore.Authorization;

namespace EventDashboard.Web.Auth.Internal;

/// <summary>Requires a principal whose role is at least <see cref="Role"/>; it checks itself.</summary>
internal sealed class RoleRequirement : AuthorizationHandler<RoleRequirement>, IAuthorizationRequirement
{
    public RoleRequirement(AccessRole role) => Role = role;

    public AccessRole Role { get; }

    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, RoleRequirement requirement)
    {
        if (AccessPrincipal.From(context.User) is { } principal && principal.Role >= requirement.Role)
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
