namespace EventDashboard.Web.Api.Internal;

/// <summary>The body of <c>POST /api/keys</c>.</summary>
/// <param name="Name">The new key's name.</param>
/// <param name="Role"><c>Viewer</c>, <c>Operator</c> or <c>Admin</c>.</param>
/// <param name="Prefixes">The name prefixes it is limited to; absent or empty for every name.</param>
internal sealed record KeyRequest(string? Name, string? Role, IReadOnlyList<string>? Prefixes);
