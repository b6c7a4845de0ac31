using System.Security.Cryptography;
using System.Text;
using EventDashboard.Web.Storage.Internal;

namespace EventDashboard.Web.Auth.Internal;

/// <summary>A configured key as the server checks it: the secret is kept only as its SHA-256.</summary>
internal sealed class AccessKey
{
    public AccessKey(string name, AccessRole role, IReadOnlyList<string> prefixes, byte[] secretHash, DateTimeOffset? createdAt = null)
    {
        Name = name;
        Role = role;
        Prefixes = prefixes;
        SecretHash = secretHash;
        CreatedAt = createdAt;
    }

    public string Name { get; }

    public AccessRole Role { get; }

    public IReadOnlyList<string> Prefixes { get; }

    public byte[] SecretHash { get; }

    /// <summary>Gets when a key made at run time was made; <see langword="null"/> for a configured key.</summary>
    public DateTimeOffset? CreatedAt { get; }

    public static AccessKey From(AccessKeyOptions options)
    {
        var hash = options.Secret is { } secret ? Hash(secret) : Convert.FromHexString(options.SecretSha256!);
        return new AccessKey(options.Name, options.Role!.Value, [.. options.Prefixes], hash);
    }

    public static AccessKey From(StoredAccessKey stored) =>
        new(stored.Name, stored.Role, stored.Prefixes, stored.SecretSha256, stored.CreatedAt);

    public static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));
}
