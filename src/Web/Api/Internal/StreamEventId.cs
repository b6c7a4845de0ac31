using System.Globalization;

namespace EventDashboard.Web.Api.Internal;

/// <summary>
/// The <c>id:</c> of a value's Server-Sent Events: <c>&lt;store id&gt;:&lt;version&gt;</c>. The store id makes a
/// resume safe across a wiped store: a browser that reconnects with an id from another store starts again from
/// the current value, instead of waiting for a version the new store may take a long time to reach.
/// </summary>
internal static class StreamEventId
{
    /// <summary>The event type of a delete.</summary>
    public const string DeletedType = "deleted";

    public static string Format(string storeId, long version) => $"{storeId}:{version.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Reads a <c>Last-Event-ID</c>: empty (start), a bare version, or a store id and a version.</summary>
    /// <param name="text">The header.</param>
    /// <param name="storeId">The current store's id.</param>
    /// <param name="afterVersion">The version to resume after: 0 for empty or another store's id.</param>
    /// <returns><see langword="false"/> when the text is none of those.</returns>
    public static bool TryParse(string text, string storeId, out long afterVersion)
    {
        afterVersion = 0;
        if (text.Length == 0)
        {
            return true;
        }

        var colon = text.LastIndexOf(':');
        if (!long.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            return false;
        }

        if (colon < 0 || text.AsSpan(0, colon).SequenceEqual(storeId))
        {
            afterVersion = version;
        }

        return true;
    }
}
