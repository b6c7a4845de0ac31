using System.Text.Json;
using System.Text.Json.Serialization;
using EventDashboard.Web.Auth;
using Google.Protobuf;

namespace EventDashboard.Web.Storage.Internal;

/// <summary>
/// How the etcd store writes a <see cref="StoredAccessKey"/> as the value of its key: JSON with the secret's SHA-256
/// in hex, never the secret, which no server keeps.
/// </summary>
internal static class EtcdAccessKeys
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerOptions.Web)
    {
        Converters = { new JsonStringEnumConverter<AccessRole>() },
    };

    public static ByteString Write(StoredAccessKey key) => ByteString.CopyFrom(JsonSerializer.SerializeToUtf8Bytes(
        new Stored(key.Name, key.Role, key.Prefixes, Convert.ToHexStringLower(key.SecretSha256), key.CreatedAt),
        Json));

    public static StoredAccessKey Read(ByteString bytes)
    {
        var stored = JsonSerializer.Deserialize<Stored>(bytes.Span, Json) ?? throw new InvalidDataException("An etcd access key is null.");
        return new StoredAccessKey(stored.Name, stored.Role, stored.Prefixes, Convert.FromHexString(stored.SecretSha256), stored.CreatedAt);
    }

    /// <summary>The key as stored.</summary>
    private sealed record Stored(string Name, AccessRole Role, IReadOnlyList<string> Prefixes, string SecretSha256, DateTimeOffset CreatedAt);
}
