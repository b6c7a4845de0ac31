using System.Text.Json;
using EventDashboard.Web.Dashboard.Shared;

namespace EventDashboard.Web.Dashboard.Internal;

/// <summary>
/// The one-line preview of a JSON document in lists. The stored document is never changed: the text only goes to
/// HTML, written by <see cref="JsonFormatter"/> like every other view of a value.
/// </summary>
internal static class JsonText
{
    /// <summary>The longest preview, in characters, before it is cut with an ellipsis.</summary>
    public const int PreviewLength = 80;

    /// <summary>Gets the document on one line, cut to <see cref="PreviewLength"/> characters, for the list.</summary>
    public static string Preview(JsonElement value)
    {
        var compact = JsonFormatter.Compact(value);
        if (compact.Length <= PreviewLength)
        {
            return compact;
        }

        // Never cut an emoji (two UTF-16 units) in half.
        var cut = PreviewLength - 1;
        if (char.IsHighSurrogate(compact[cut - 1]))
        {
            cut--;
        }

        return string.Concat(compact.AsSpan(0, cut), "…");
    }
}
