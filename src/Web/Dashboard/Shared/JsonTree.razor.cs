using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;

namespace EventDashboard.Web.Dashboard.Shared;

/// <summary>
/// A JSON value as a collapsible tree: each object and array can be folded to a one-line summary. Numbers are shown
/// as written and text as itself (see <see cref="JsonFormatter"/>). A large object or array shows its first
/// <see cref="PageSize"/> members, and more on request, so a huge document cannot flood the browser.
/// </summary>
public sealed partial class JsonTree
{
    /// <summary>How many members of an object or array are shown before a "show more" button.</summary>
    internal const int PageSize = 100;

    private bool _collapsed;
    private int _shown = PageSize;

    /// <summary>Gets or sets the value to show.</summary>
    [Parameter]
    [EditorRequired]
    public JsonElement Value { get; set; }

    /// <summary>Gets or sets the property name this value has in its parent object, if it is a member of one.</summary>
    [Parameter]
    public string? Key { get; set; }

    /// <summary>Gets or sets the index this value has in its parent array, if it is an item of one.</summary>
    [Parameter]
    public int? Index { get; set; }

    /// <summary>Gets or sets the path of the value from the root (<c>$</c>, <c>$.a</c>, <c>$.a[0]</c>), shown in <c>data-path</c>.</summary>
    [Parameter]
    public string Path { get; set; } = "$";

    // "key": or 0: before the value; nothing for the root.
    private RenderFragment? Label => (Key, Index) switch
    {
        (string key, _) => builder => AppendLabel(builder, "tok-key", JsonFormatter.Quote(key)),
        (null, int index) => builder => AppendLabel(builder, "index", index.ToString(CultureInfo.InvariantCulture)),
        _ => null,
    };

    private int Count => Value.ValueKind == JsonValueKind.Object ? Value.EnumerateObject().Count() : Value.GetArrayLength();

    private string Open => Value.ValueKind == JsonValueKind.Object ? "{" : "[";

    private string Close => Value.ValueKind == JsonValueKind.Object ? "}" : "]";

    private string ScalarClass => Value.ValueKind switch
    {
        JsonValueKind.String => "tok-string",
        JsonValueKind.Number => "tok-number",
        _ => "tok-literal",
    };

    private string Summary(int count) => Value.ValueKind == JsonValueKind.Object
        ? string.Create(CultureInfo.InvariantCulture, $" {count} {(count == 1 ? "key" : "keys")} ")
        : string.Create(CultureInfo.InvariantCulture, $" {count} {(count == 1 ? "item" : "items")} ");

    private string MoreText(int count) =>
        string.Create(CultureInfo.InvariantCulture, $"Show {Math.Min(PageSize, count - _shown)} more of {count - _shown}");

    private static void AppendLabel(RenderTreeBuilder builder, string cssClass, string text)
    {
        builder.OpenElement(0, "span");
        builder.AddAttribute(1, "class", cssClass);
        builder.AddContent(2, text);
        builder.CloseElement();
        builder.OpenElement(3, "span");
        builder.AddAttribute(4, "class", "tok-punct");
        builder.AddContent(5, ": ");
        builder.CloseElement();
    }

    private void Toggle() => _collapsed = !_collapsed;

    private void ShowMore() => _shown += PageSize;
}
