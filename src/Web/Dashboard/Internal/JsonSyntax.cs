using System.Text;
using System.Text.Json;
using EventDashboard.Web.Values;

namespace EventDashboard.Web.Dashboard.Internal;

/// <summary>
/// Checks a JSON text as the registry will (one document, the same depth limit) and says where it breaks, in the
/// lines and columns an editor shows rather than the reader's zero-based byte offsets.
/// </summary>
internal static class JsonSyntax
{
    /// <summary>Checks <paramref name="text"/>.</summary>
    /// <returns>The first error, or <see langword="null"/> when the text is one valid JSON document.</returns>
    public static JsonSyntaxError? Check(string text)
    {
        var utf8 = Encoding.UTF8.GetBytes(text);
        try
        {
            var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = ValueRegistry.MaxValueDepth });
            while (reader.Read())
            {
                // Reading to the end checks every token, and that nothing but whitespace follows the document.
            }

            return null;
        }
        catch (JsonException ex)
        {
            var line = (int)(ex.LineNumber ?? 0);
            return new JsonSyntaxError(line + 1, ColumnOf(utf8, line, (int)(ex.BytePositionInLine ?? 0)), Reason(ex.Message));
        }
    }

    // The reader counts lines by '\n' and positions in bytes; an editor counts characters.
    private static int ColumnOf(byte[] utf8, int line, int bytePosition)
    {
        var start = 0;
        for (var seen = 0; seen < line && start < utf8.Length; start++)
        {
            if (utf8[start] == (byte)'\n')
            {
                seen++;
            }
        }

        var length = Math.Clamp(bytePosition, 0, utf8.Length - Math.Min(start, utf8.Length));

        // Characters as a person counts them: an emoji (two UTF-16 units, four bytes) is one.
        return Encoding.UTF8.GetString(utf8, Math.Min(start, utf8.Length), length).EnumerateRunes().Count() + 1;
    }

    // "'x' is an invalid start of a value. LineNumber: 0 | BytePositionInLine: 5." without the zero-based position.
    private static string Reason(string message)
    {
        var position = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        var reason = (position < 0 ? message : message[..position]).Trim();
        return reason.Length == 0 ? "The JSON is not valid." : reason;
    }
}
