using EventDashboard.Web.Api.Internal;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EventDashboard.Web.Auth.Internal;

/// <summary>
/// Why a caller may not do something, in the words every surface uses: the title and detail of a 401 or 403
/// ProblemDetails, and the message of a hub call's HubException.
/// </summary>
internal sealed record AccessDenial(int StatusCode, string Title, string Detail)
{
    public static AccessDenial NoCredential { get; } = new(
        StatusCodes.Status401Unauthorized,
        "Credential required",
        "This server needs an access key: send it as 'Authorization: Bearer <secret>' (hub: the access_token query parameter).");

    public static AccessDenial UnknownKey { get; } = new(
        StatusCodes.Status401Unauthorized,
        "Unknown access key",
        "The access key presented is not known to this server (a wrong secret, or a revoked key).");

    public static AccessDenial RoleTooLow(AccessPrincipal principal, AccessRole required) => new(
        StatusCodes.Status403Forbidden,
        "Role too low",
        $"{principal.Description} has the role {principal.Role}; this needs {required}.");

    public static AccessDenial OutsidePrefixes(AccessPrincipal principal, string name) => new(
        StatusCodes.Status403Forbidden,
        "Name outside the key's prefixes",
        $"{principal.Description} is limited to names starting with {string.Join(" or ", principal.Prefixes.Select(p => $"'{p}'"))}; '{name}' is not one of them.");

    public static AccessDenial WholeStoreOnly(AccessPrincipal principal) => new(
        StatusCodes.Status403Forbidden,
        "Name outside the key's prefixes",
        $"{principal.Description} is limited to names starting with {string.Join(" or ", principal.Prefixes.Select(p => $"'{p}'"))}; export, import and access keys cover every value.");

    public static AccessDenial Revoked(AccessPrincipal principal) => new(
        StatusCodes.Status401Unauthorized,
        "Unknown access key",
        $"{principal.Description} is no longer valid (revoked, or its secret changed); connect again with a valid key.");

    /// <summary>Gets the message of the HubException that refuses a hub call.</summary>
    public string HubMessage => $"{Title}: {Detail}";

    /// <summary>The HTTP answer: ProblemDetails with the status, title and detail.</summary>
    public ProblemHttpResult ToProblem() => Problems.Create(StatusCode, Title, Detail);
}
