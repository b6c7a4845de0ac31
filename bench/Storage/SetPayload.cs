using System.Globalization;
using System.Text;

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
}
