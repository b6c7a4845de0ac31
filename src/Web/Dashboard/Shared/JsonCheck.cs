using System.Text;
using System.Text.Json;

namespace EventDashboard.Web.Dashboard.Shared;

/// <summary>Checks that a draft is one JSON document, and says where it is not, as a person counts lines and columns.</summary>
internal static class JsonCheck
{
    private static readonly JsonDocumentOptions s_options = new() { MaxDepth = 64 };

    /// <summary>Gets the problem with a draft, or <see langword="null"/> when it is one JSON document.</summary>
    /// <param name="text">The draft.</param>
    /// <returns>A sentence such as <c>Line 2, column 7: ...</c>, with 1-based line and column.</returns>
    public static string? Validate(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (string.IsNullOrWhiteSpace(text))
        {
            return "Line 1, column 1: the draft is empty. Type one JSON document (null is one).";
        }

        try
        {
            using var document = JsonDocument.Parse(text, s_options);
            return null;
        }
        catch (JsonException e)
        {
            var line = (int)(e.LineNumber ?? 0);
            var column = Column(text, line, (int)(e.BytePositionInLine ?? 0));
            return $"Line {line + 1}, column {column + 1}: {Reason(e.Message)}";
        }
    }

    /// <summary>Gets the draft pretty-printed (numbers and text unchanged), or <see langword="null"/> when it is not JSON.</summary>
    /// <param name="text">The draft.</param>
    /// <returns>The formatted text.</returns>
    public static string? Format(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text, s_options);
            return JsonFormatter.Pretty(document.RootElement);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    // The reader counts bytes of UTF-8 in the line; a person counts characters.
    private static int Column(string text, int line, int bytes)
    {
        var lines = text.Split('\n');
        if (line >= lines.Length)
        {
            return bytes;
        }

        // A character outside the Basic Multilingual Plane (an emoji) is two UTF-16 units but one character.
        var column = 0;
        var seen = 0;
        var current = lines[line];
        for (var i = 0; i < current.Length && seen < bytes; column++)
        {
            var length = char.IsHighSurrogate(current[i]) && i + 1 < current.Length ? 2 : 1;
            seen += Encoding.UTF8.GetByteCount(current.AsSpan(i, length));
            i += length;
        }

        return column;
    }

    // "'}' is invalid after a value. Expected ... Path: $ | LineNumber: 0 | BytePositionInLine: 5." without the position.
    private static string Reason(string message)
    {
        foreach (var marker in (string[])[" Path: ", " LineNumber:"])
        {
            var cut = message.IndexOf(marker, StringComparison.Ordinal);
            if (cut >= 0)
            {
                message = message[..cut];
            }
        }

        return message.Trim();
    }
}
