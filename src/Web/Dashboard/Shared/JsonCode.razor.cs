using Microsoft.AspNetCore.Components;

namespace EventDashboard.Web.Dashboard.Shared;

/// <summary>JSON text in a <c>pre</c> element, with its property names, strings, numbers and literals coloured by the theme.</summary>
public sealed partial class JsonCode
{
    /// <summary>Gets or sets the JSON text, shown exactly as given.</summary>
    [Parameter]
    [EditorRequired]
    public string Text { get; set; } = string.Empty;

    /// <summary>Gets or sets the element's id.</summary>
    [Parameter]
    public string? Id { get; set; }

    /// <summary>Gets or sets more CSS classes for the element.</summary>
    [Parameter]
    public string? Class { get; set; }

    /// <summary>Gets or sets text appended after the JSON without colour, such as the line break an editor needs at the end.</summary>
    [Parameter]
    public string? Trailer { get; set; }

    /// <summary>Gets or sets other attributes of the element, such as <c>aria-hidden</c>.</summary>
    [Parameter(CaptureUnmatchedValues = true)]
    public IReadOnlyDictionary<string, object>? Attributes { get; set; }
}
