using System.Globalization;
using System.Text;
using System.Text.Json;

namespace EventDashboard.Benchmarks.Storage;

/// <summary>The benchmark's values: small JSON documents of about 100 bytes, <c>{"n":123,"pad":"xx…"}</c>.</summary>
internal static class SetPayload
{
    private static readonly string Pad = new('x', 80);

    /// <summary>The UTF-8 JSON of the value with sequence number <paramref name="n"/> (95 bytes and the digits of n).</summary>
    public static byte[] Create(long n) =>
        Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{{\"n\":{n},\"pad\":\"{Pad}\"}}"));

    /// <summary>The name (or etcd key) that setter <paramref name="setter"/> writes: each setter has its own.</summary>
    public static string Name(int setter) => string.Create(CultureInfo.InvariantCulture, $"bench-{setter}");

    /// <summary>The <c>n</c> of the value in an event's data (a snapshot); -1 for a deletion or another value.</summary>
    public static long N(JsonElement data) =>
        data.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.Object && value.TryGetProperty("n", out var n) ? n.GetInt64() : -1;
}
