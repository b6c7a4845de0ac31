using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Components.Endpoints;

namespace EventDashboard.Web.Auth.Internal;

/// <summary>
/// Answers a refused request with ProblemDetails that say what is missing: a credential, a known key, or a higher
/// role. (The framework's default is an empty 401 or 403.)
/// </summary>
internal sealed class AccessProblemResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Succeeded)
        {
            await _default.HandleAsync(next, context, policy, authorizeResult);
            return;
        }

        // A person opening a dashboard page gets the sign-in page, which comes back here once signed in; programs
        // (and the circuit's own connection) get the ProblemDetails below.
        if (authorizeResult.Challenged && IsDashboardPage(context))
        {
            context.Response.Redirect(SignInPaths.PageFor(context.Request.PathBase + context.Request.Path + context.Request.QueryString));
            return;
        }

        AccessDenial denial;
        if (authorizeResult.Challenged)
        {
            // The handler keeps its result for the request, so this only reads why it did not authenticate.
            var authentication = await context.AuthenticateAsync(AccessKeyAuthenticationHandler.SchemeName);
            // The failure says which: a wrong secret, or a sign-in cookie whose key was revoked since.
            denial = authentication.Failure is { } failure ? AccessDenial.UnknownKey with { Detail = failure.Message } : AccessDenial.NoCredential;
            await context.ChallengeAsync(AccessKeyAuthenticationHandler.SchemeName);
        }
        else
        {
            var required = authorizeResult.AuthorizationFailure?.FailedRequirements.OfType<RoleRequirement>().Max(r => r.Role) ?? AccessRole.Viewer;
            denial = AccessPrincipal.From(context.User) is { } principal
                ? AccessDenial.RoleTooLow(principal, required)
                : AccessDenial.NoCredential;
        }

        await denial.ToProblem().ExecuteAsync(context);
    }

    private static bool IsDashboardPage(HttpContext context) =>
        HttpMethods.IsGet(context.Request.Method) && context.GetEndpoint()?.Metadata.GetMetadata<ComponentTypeMetadata>() is not null;
}
