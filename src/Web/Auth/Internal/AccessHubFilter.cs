using EventDashboard.Web.Hubs;
using Microsoft.AspNetCore.SignalR;

namespace EventDashboard.Web.Auth.Internal;

/// <summary>
/// Checks every hub call against the connection's principal before it runs: the key must still be in force (the
/// connection of a revoked key is closed, HubConnections.CloseOutdated, and a call that races the close is refused here), the role must
/// allow the method, and a write must fit the principal's rate limit. A refusal is a HubException saying why; the
/// connection stays open. Name prefixes are checked by the methods themselves, which know the names.
/// </summary>
internal sealed class AccessHubFilter : IHubFilter
{
    private readonly AccessKeys _keys;
    private readonly WriteRateLimiter _writes;

    public AccessHubFilter(AccessKeys keys, WriteRateLimiter writes)
    {
        _keys = keys;
        _writes = writes;
    }

    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        var principal = AccessPrincipal.From(invocationContext.Context.User) ?? throw new HubException(AccessDenial.NoCredential.HubMessage);
        if (principal.KeyHash is { } hash && !_keys.IsCurrent(principal.Name!, hash))
        {
            throw new HubException(AccessDenial.Revoked(principal).HubMessage);
        }

        var write = invocationContext.HubMethodName is nameof(ValuesHub.Set) or nameof(ValuesHub.Delete);
        var required = write ? AccessRole.Operator : AccessRole.Viewer;
        if (principal.Role < required)
        {
            throw new HubException(AccessDenial.RoleTooLow(principal, required).HubMessage);
        }

        if (write)
        {
            using var lease = _writes.Acquire(principal);
            if (!lease.IsAcquired)
            {
                throw new HubException($"Too many writes: {WriteRateLimiter.Describe(principal, WriteRateLimiter.RetryAfter(lease))}");
            }
        }

        return await next(invocationContext);
    }
}
