using System.Text.Encodings.Web;
using System.Text.Json;

namespace EventDashboard.Web.Dashboard.Internal;

/// <summary>
/// Formats JSON documents for display. The stored document is never changed: these strings only go to HTML.
/// </summary>
internal static class JsonText
{
    /// <summary>The longest preview, in characters, before it is cut with an ellipsis.</summary>
    public const int PreviewLength = 80;

    // Relaxed escaping keeps non-ASCII text and quotes readable; Razor HTML-encodes the result anyway.
    private static readonly JsonSerializerOptions s_indented = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static readonly JsonSerializerOptions s_compact = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Gets the document indented by two spaces, as the editor and the detail page show it.</summary>
    public static string Pretty(JsonElement value) => JsonSerializer.Serialize(value, s_indented);

    /// <summary>Gets the document on one line, cut to <see cref="PreviewLength"/> characters, for the list.</summary>
    public static string Preview(JsonElement value)
    {
        var compact = JsonSerializer.Serialize(value, s_compact);
        return compact.Length <= PreviewLength ? compact : string.Concat(compact.AsSpan(0, PreviewLength - 1), "…");
    }
}
