using System.Globalization;
using System.Text;
using System.Text.Json;

namespace EventDashboard.Web.Dashboard.Shared;

/// <summary>
/// Writes a JSON document back as text for people: numbers exactly as they were written (a large integer never goes
/// through <see langword="double"/>), and text as itself. Only a quote, a backslash and control characters are
/// escaped; unlike System.Text.Json's encoders, non-ASCII text outside the Basic Multilingual Plane (emoji) stays too.
/// </summary>
internal static class JsonFormatter
{
    /// <summary>Gets the document indented by two spaces, in the same layout as System.Text.Json's indented writer.</summary>
    public static string Pretty(JsonElement value)
    {
        var text = new StringBuilder();
        Write(text, value, indent: 0, pretty: true);
        return text.ToString();
    }

    /// <summary>Gets the document on one line, without spaces between tokens.</summary>
    public static string Compact(JsonElement value)
    {
        var text = new StringBuilder();
        Write(text, value, indent: 0, pretty: false);
        return text.ToString();
    }

    /// <summary>Gets a string or a property name as JSON text: in quotes, escaped only where JSON requires it.</summary>
    public static string Quote(string text)
    {
        var quoted = new StringBuilder(text.Length + 2);
        AppendQuoted(quoted, text);
        return quoted.ToString();
    }

    /// <summary>Gets a scalar (string, number, true, false, null) as JSON text.</summary>
    public static string Scalar(JsonElement value) =>
        value.ValueKind == JsonValueKind.String ? QuoteString(value) : value.GetRawText();

    private static void Write(StringBuilder text, JsonElement value, int indent, bool pretty)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                WriteContainer(text, value.EnumerateObject().Select(p => (Key: (string?)p.Name, p.Value)), '{', '}', indent, pretty);
                break;
            case JsonValueKind.Array:
                WriteContainer(text, value.EnumerateArray().Select(v => (Key: (string?)null, Value: v)), '[', ']', indent, pretty);
                break;
            default:
                text.Append(Scalar(value));
                break;
        }
    }

    private static void WriteContainer(
        StringBuilder text, IEnumerable<(string? Key, JsonElement Value)> members, char open, char close, int indent, bool pretty)
    {
        text.Append(open);
        var first = true;
        foreach (var (key, member) in members)
        {
            text.Append(first ? string.Empty : ",");
            first = false;
            if (pretty)
            {
                text.Append('\n').Append(' ', (indent + 1) * 2);
            }

            if (key is not null)
            {
                AppendQuoted(text, key);
                text.Append(pretty ? ": " : ":");
            }

            Write(text, member, indent + 1, pretty);
        }

        if (!first && pretty)
        {
            text.Append('\n').Append(' ', indent * 2);
        }

        text.Append(close);
    }

    private static string QuoteString(JsonElement value)
    {
        try
        {
            return Quote(value.GetString()!);
        }
        catch (InvalidOperationException)
        {
            // A lone surrogate escape ("\ud800") has no .NET string: show it as it was written.
            return value.GetRawText();
        }
    }

    private static void AppendQuoted(StringBuilder text, string value)
    {
        text.Append('"');
        foreach (var c in value)
        {
            _ = c switch
            {
                '"' => text.Append("\\\""),
                '\\' => text.Append("\\\\"),
                '\n' => text.Append("\\n"),
                '\r' => text.Append("\\r"),
                '\t' => text.Append("\\t"),
                '\b' => text.Append("\\b"),
                '\f' => text.Append("\\f"),
                < ' ' => text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)),
                _ => text.Append(c),
            };
        }

        text.Append('"');
    }
}
