using System.Security.Cryptography;
using System.Text;

namespace EventDashboard.Web.Auth.Internal;

/// <summary>A configured key as the server checks it: the secret is kept only as its SHA-256.</summary>
internal sealed class AccessKey
{
    public AccessKey(string name, AccessRole role, IReadOnlyList<string> prefixes, byte[] secretHash)
    {
        Name = name;
        Role = role;
        Prefixes = prefixes;
        SecretHash = secretHash;
    }

    public string Name { get; }

    public AccessRole Role { get; }

    public IReadOnlyList<string> Prefixes { get; }

    public byte[] SecretHash { get; }

    public static AccessKey From(AccessKeyOptions options)
    {
        var hash = options.Secret is { } secret ? Hash(secret) : Convert.FromHexString(options.SecretSha256!);
        return new AccessKey(options.Name, options.Role!.Value, [.. options.Prefixes], hash);
    }

    public static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));
}
