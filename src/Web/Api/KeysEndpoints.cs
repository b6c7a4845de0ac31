using EventDashboard.Protocol;
using EventDashboard.Web.Api.Internal;
using EventDashboard.Web.Auth;
using EventDashboard.Web.Auth.Internal;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EventDashboard.Web.Api;

/// <summary>Access keys made at run time, under <c>/api/keys</c>, for an Admin limited to no prefix; see docs/API.md.</summary>
public static class KeysEndpoints
{
    /// <summary>Maps the key routes.</summary>
    /// <param name="endpoints">The route builder.</param>
    /// <returns>The route group, for further conventions.</returns>
    public static RouteGroupBuilder MapKeys(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/keys").WithTags("Keys").RequireRole(AccessRole.Admin).RequireWholeStore();
        group.MapPost("/", CreateAsync)
            .WithMetadata(WriteEndpoint.Instance)
            .WithSummary("Makes an access key; the answer carries its secret, which is never shown again.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status501NotImplemented);
        group.MapGet("/", List)
            .WithSummary("Lists the access keys, configured and made at run time, without secrets.");
        group.MapDelete("/{name}", RevokeAsync)
            .WithMetadata(WriteEndpoint.Instance)
            .WithSummary("Revokes an access key made at run time; it stops working at once.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return group;
    }

    private static async Task<Results<Created<KeyInfo>, ProblemHttpResult>> CreateAsync(
        KeyRequest? request, HttpContext context, AccessKeys keys, CancellationToken cancellationToken)
    {
        var prefixes = request?.Prefixes ?? [];
        if (NewKeyRules.Check(request?.Name, request?.Role, prefixes, out var role) is { } invalid)
        {
            return Problems.Create(StatusCodes.Status400BadRequest, invalid.Title, invalid.Detail);
        }

        var name = request!.Name!;
        (AccessKey Key, string Secret)? created;
        try
        {
            created = await keys.CreateAsync(name, role, prefixes, AccessPrincipal.Of(context).Name, cancellationToken);
        }
        catch (NotSupportedException ex)
        {
            // A store that keeps no keys (a future one; the built-in stores all do): say so instead of failing with a server error.
            return Problems.Create(StatusCodes.Status501NotImplemented, "Keys not kept by this store", ex.Message);
        }

        if (created is null)
        {
            return Problems.Create(StatusCodes.Status409Conflict, "Key exists", $"A key named '{name}' exists already; revoke it first, or choose another name.");
        }

        var (key, secret) = created.Value;

        return TypedResults.Created($"/api/keys/{name}", ToInfo(key) with { Secret = secret });
    }

    private static Ok<KeyInfo[]> List(AccessKeys keys) => TypedResults.Ok(keys.List().Select(ToInfo).ToArray());

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeAsync(
        string name, HttpContext context, AccessKeys keys, CancellationToken cancellationToken)
    {
        switch (await keys.RevokeAsync(name, AccessPrincipal.Of(context).Name, cancellationToken))
        {
            case KeyRevocation.Revoked:
                return TypedResults.NoContent();
            case KeyRevocation.Configured:
                return Problems.Create(StatusCodes.Status409Conflict, "Key in configuration", AccessKeys.Describe(KeyRevocation.Configured, name));
            case KeyRevocation.LastKey:
                return Problems.Create(StatusCodes.Status409Conflict, "Last key", AccessKeys.Describe(KeyRevocation.LastKey, name));
            default:
                return Problems.Create(StatusCodes.Status404NotFound, "Key not found", AccessKeys.Describe(KeyRevocation.NotFound, name));
        }
    }

    private static KeyInfo ToInfo(AccessKey key) =>
        new(key.Name, key.Role.ToString(), key.Prefixes, key.CreatedAt is null ? "configuration" : "api", key.CreatedAt);
}
