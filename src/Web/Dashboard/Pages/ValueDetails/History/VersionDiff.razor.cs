using System.Globalization;
using EventDashboard.Web.Dashboard.Internal;
using Microsoft.AspNetCore.Components;

namespace EventDashboard.Web.Dashboard.Pages.ValueDetails.History;

/// <summary>A line diff of two versions' pretty-printed JSON, side by side or unified.</summary>
public sealed partial class VersionDiff
{
    private string? _oldText;
    private string? _newText;

    /// <summary>Gets or sets what the old side is, such as "v3".</summary>
    [Parameter]
    [EditorRequired]
    public string OldLabel { get; set; } = string.Empty;

    /// <summary>Gets or sets what the new side is, such as "v5 (current)".</summary>
    [Parameter]
    [EditorRequired]
    public string NewLabel { get; set; } = string.Empty;

    /// <summary>Gets or sets the old text; empty for a version that holds no value (a delete).</summary>
    [Parameter]
    [EditorRequired]
    public string OldText { get; set; } = string.Empty;

    /// <summary>Gets or sets the new text; empty for a version that holds no value (a delete).</summary>
    [Parameter]
    [EditorRequired]
    public string NewText { get; set; } = string.Empty;

    private bool SideBySide { get; set; } = true;

    private IReadOnlyList<DiffLine> Lines { get; set; } = [];

    private IReadOnlyList<DiffRow> Rows { get; set; } = [];

    private bool Unchanged => OldText == NewText;

    private string Stats => string.Create(
        CultureInfo.InvariantCulture,
        $"{Lines.Count(l => l.Kind == DiffKind.Added)} added, {Lines.Count(l => l.Kind == DiffKind.Removed)} removed");

    /// <inheritdoc/>
    protected override void OnParametersSet()
    {
        // The diff is computed once per pair of texts, not on every render.
        if (_oldText == OldText && _newText == NewText)
        {
            return;
        }

        _oldText = OldText;
        _newText = NewText;
        Lines = LineDiff.Compute(OldText, NewText);
        Rows = DiffRow.Pair(Lines);
    }

    private static string CellClass(DiffLine? line) => line?.Kind switch
    {
        null => "diff-empty",
        DiffKind.Added => "diff-added",
        DiffKind.Removed => "diff-removed",
        _ => "diff-same",
    };

    private static string Marker(DiffKind kind) => kind switch
    {
        DiffKind.Added => "+",
        DiffKind.Removed => "−",
        _ => " ",
    };
}
