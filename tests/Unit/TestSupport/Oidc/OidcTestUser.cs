namespace EventDashboard.Tests.Unit.TestSupport.Oidc;

/// <summary>
/// A person the <see cref="TestOidcProvider"/> knows: its ID token carries <paramref name="Subject"/> as <c>sub</c>,
/// <paramref name="UserName"/> (when given) as <c>preferred_username</c>, and <paramref name="Roles"/> as the role
/// claim, an array.
/// </summary>
internal sealed record OidcTestUser(string Subject, string? UserName, params string[] Roles);
