namespace EventDashboard.Web.Dashboard.Shared;

/// <summary>
/// Splits JSON text into coloured pieces. It is forgiving: a draft that is not JSON yet still splits, so the editor
/// can colour what the operator is typing; joined together, the pieces are always the text itself.
/// </summary>
internal static class JsonTokenizer
{
    public static IReadOnlyList<JsonToken> Split(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tokens = new List<JsonToken>();
        var i = 0;
        while (i < text.Length)
        {
            var start = i;
            var c = text[i];
            JsonTokenKind kind;
            if (c == '"')
            {
                i = EndOfString(text, i);
                kind = NextNonSpace(text, i) == ':' ? JsonTokenKind.Key : JsonTokenKind.String;
            }
            else if (c is '-' || char.IsAsciiDigit(c))
            {
                while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] is '-' or '+' or '.' or 'e' or 'E'))
                {
                    i++;
                }

                kind = JsonTokenKind.Number;
            }
            else if (char.IsAsciiLetter(c))
            {
                while (i < text.Length && char.IsAsciiLetter(text[i]))
                {
                    i++;
                }

                kind = text.AsSpan(start, i - start) is "true" or "false" or "null" ? JsonTokenKind.Literal : JsonTokenKind.Plain;
            }
            else if (c is '{' or '}' or '[' or ']' or ',' or ':')
            {
                i++;
                kind = JsonTokenKind.Punctuation;
            }
            else
            {
                while (i < text.Length && !Starts(text[i]))
                {
                    i++;
                }

                i = Math.Max(i, start + 1);
                kind = JsonTokenKind.Plain;
            }

            tokens.Add(new JsonToken(kind, text[start..i]));
        }

        return tokens;
    }

    private static bool Starts(char c) =>
        c is '"' or '-' or '{' or '}' or '[' or ']' or ',' or ':' || char.IsAsciiDigit(c) || char.IsAsciiLetter(c);

    // The index after the closing quote; an unclosed string ends at the end of its line.
    private static int EndOfString(string text, int open)
    {
        var i = open + 1;
        while (i < text.Length && text[i] is not ('"' or '\n'))
        {
            i += text[i] == '\\' ? 2 : 1;
        }

        return Math.Min(text.Length, i < text.Length && text[i] == '"' ? i + 1 : i);
    }

    private static char NextNonSpace(string text, int i)
    {
        while (i < text.Length && char.IsWhiteSpace(text[i]))
        {
            i++;
        }

        return i < text.Length ? text[i] : '\0';
    }
}
