namespace EventDashboard.Web.Dashboard.Shared;

/// <summary>What a piece of JSON text is, for colouring it.</summary>
internal enum JsonTokenKind
{
    /// <summary>White space, or text that is not JSON.</summary>
    Plain,

    /// <summary>A property name, with its quotes.</summary>
    Key,

    /// <summary>A string value, with its quotes.</summary>
    String,

    /// <summary>A number.</summary>
    Number,

    /// <summary><c>true</c>, <c>false</c> or <c>null</c>.</summary>
    Literal,

    /// <summary>Braces, brackets, commas and colons.</summary>
    Punctuation,
}
