using System.Text.Json;
using EventDashboard.Web.Dashboard.Internal;

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

        // One check for every editor of the dashboard, with the registry's own limits.
        return JsonSyntax.Check(text)?.ToString();
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
}
