using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;

namespace EventDashboard.Web.Dashboard.Shared;

/// <summary>
/// An editor for one JSON document: a text area over a coloured copy of its text, with a line-number gutter and a
/// status line that says whether the draft is JSON (or on which line and column it is not). Ctrl+Enter (or
/// Cmd+Enter) asks to save and Esc asks to cancel. It is a plain text area, so it needs no script and works offline.
/// </summary>
public sealed partial class JsonEditor
{
    /// <summary>Gets or sets the id of the editor's element; the text area's id is this with <c>-text</c> appended.</summary>
    [Parameter]
    public string Id { get; set; } = "editor";

    /// <summary>Gets or sets the accessible label of the text area.</summary>
    [Parameter]
    public string Label { get; set; } = "JSON";

    /// <summary>Gets or sets the draft.</summary>
    [Parameter]
    public string Text { get; set; } = string.Empty;

    /// <summary>Gets or sets the callback that gets the draft as the operator types.</summary>
    [Parameter]
    public EventCallback<string> TextChanged { get; set; }

    /// <summary>Gets or sets the callback for Ctrl+Enter.</summary>
    [Parameter]
    public EventCallback OnSave { get; set; }

    /// <summary>Gets or sets the callback for Esc.</summary>
    [Parameter]
    public EventCallback OnCancel { get; set; }

    /// <summary>Gets the problem with the draft (with 1-based line and column), or <see langword="null"/> when it is JSON.</summary>
    public string? Error { get; private set; }

    private string LineNumbers
    {
        get
        {
            var lines = Text.Count(c => c == '\n') + 1;
            var numbers = new StringBuilder(lines * 4);
            for (var line = 1; line <= lines; line++)
            {
                numbers.Append(line.ToString(CultureInfo.InvariantCulture)).Append('\n');
            }

            return numbers.ToString();
        }
    }

    /// <summary>Pretty-prints the draft without changing its numbers or text; a draft that is not JSON stays as it is.</summary>
    /// <returns>A task that completes when the new draft has been passed on.</returns>
    public async Task FormatAsync()
    {
        if (JsonCheck.Format(Text) is { } formatted)
        {
            await ChangeAsync(formatted);
        }
    }

    /// <inheritdoc/>
    protected override void OnParametersSet() => Error = JsonCheck.Validate(Text);

    private async Task ChangeAsync(string? text)
    {
        text ??= string.Empty;
        Text = text;
        Error = JsonCheck.Validate(text);
        await TextChanged.InvokeAsync(text);
    }

    private Task OnKeyDownAsync(KeyboardEventArgs e) => e switch
    {
        { Key: "Enter", CtrlKey: true } or { Key: "Enter", MetaKey: true } => OnSave.InvokeAsync(),
        { Key: "Escape" } => OnCancel.InvokeAsync(),
        _ => Task.CompletedTask,
    };
}
