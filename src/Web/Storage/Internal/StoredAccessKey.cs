using EventDashboard.Web.Auth;

namespace EventDashboard.Web.Storage.Internal;

/// <summary>An access key made at run time (<c>POST /api/keys</c>), as the store keeps it: the secret only as its SHA-256.</summary>
/// <param name="Name">The key's name, unique among all keys.</param>
/// <param name="Role">What the key may do.</param>
/// <param name="Prefixes">The name prefixes the key is limited to; empty for every name.</param>
/// <param name="SecretSha256">The SHA-256 of the UTF-8 secret.</param>
/// <param name="CreatedAt">When the key was made.</param>
internal sealed record StoredAccessKey(string Name, AccessRole Role, IReadOnlyList<string> Prefixes, byte[] SecretSha256, DateTimeOffset CreatedAt);
