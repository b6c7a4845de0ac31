using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;

namespace EventDashboard.Tests.Unit.TestSupport;

/// <summary>
/// The authentication state of a dashboard circuit, as the host sets it from the circuit's request: a principal that
/// the tests build with the server's own <c>AccessPrincipal</c> factories, and can change between renders.
/// </summary>
public sealed class FixedAuthenticationState : AuthenticationStateProvider
{
    private Task<AuthenticationState> _state;

    public FixedAuthenticationState(ClaimsPrincipal user) => _state = Task.FromResult(new AuthenticationState(user));

    public override Task<AuthenticationState> GetAuthenticationStateAsync() => _state;

    /// <summary>Makes later circuits' components see <paramref name="user"/>.</summary>
    public void Set(ClaimsPrincipal user) => _state = Task.FromResult(new AuthenticationState(user));
}
