namespace EventDashboard.Web.Dashboard.Shared;

/// <summary>One piece of JSON text and what it is.</summary>
/// <param name="Kind">What the text is.</param>
/// <param name="Text">The text, exactly as in the document.</param>
internal readonly record struct JsonToken(JsonTokenKind Kind, string Text)
{
    /// <summary>Gets the CSS class that colours the token.</summary>
    public string CssClass => Kind switch
    {
        JsonTokenKind.Key => "tok-key",
        JsonTokenKind.String => "tok-string",
        JsonTokenKind.Number => "tok-number",
        JsonTokenKind.Literal => "tok-literal",
        JsonTokenKind.Punctuation => "tok-punct",
        _ => "tok-plain",
    };
}
