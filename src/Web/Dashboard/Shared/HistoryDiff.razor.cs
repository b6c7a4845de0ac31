using System.Globalization;
using EventDashboard.Client;
using EventDashboard.Web.Dashboard.Internal;
using Microsoft.AspNetCore.Components;

namespace EventDashboard.Web.Dashboard.Shared;

/// <summary>
/// Compares two versions of a value line by line (of their pretty JSON). The versions come from a plain GET
/// form (<c>?from=&amp;to=</c>), so it works without JavaScript.
/// </summary>
public sealed partial class HistoryDiff
{
    /// <summary>Gets or sets the value's name.</summary>
    [Parameter]
    [EditorRequired]
    public string Name { get; set; } = string.Empty;

    /// <summary>Gets or sets the entries that can be compared, newest first.</summary>
    [Parameter]
    [EditorRequired]
    public IReadOnlyList<HistoryEntry> Entries { get; set; } = [];

    /// <summary>Gets or sets the older version to compare, or <see langword="null"/> for nothing chosen yet.</summary>
    [Parameter]
    public long? From { get; set; }

    /// <summary>Gets or sets the newer version to compare, or <see langword="null"/> for nothing chosen yet.</summary>
    [Parameter]
    public long? To { get; set; }

    private long FromVersion { get; set; }

    private long ToVersion { get; set; }

    private IReadOnlyList<DiffLine>? Lines { get; set; }

    private string? Missing { get; set; }

    /// <inheritdoc/>
    protected override void OnParametersSet()
    {
        Lines = null;
        Missing = null;
        if (Entries.Count < 2)
        {
            return;
        }

        // Until the operator picks, the selects offer the last change: the previous version to the current one.
        FromVersion = From ?? Entries[1].Version;
        ToVersion = To ?? Entries[0].Version;
        if (From is null || To is null)
        {
            return;
        }

        var older = Entries.FirstOrDefault(e => e.Version == FromVersion);
        var newer = Entries.FirstOrDefault(e => e.Version == ToVersion);
        if (older is null || newer is null)
        {
            Missing = string.Create(CultureInfo.InvariantCulture, $"Version {(older is null ? FromVersion : ToVersion)} is not among the {Entries.Count} newest Sets, so it cannot be compared.");
            return;
        }

        Lines = LineDiff.Compute(JsonText.Pretty(older.Value), JsonText.Pretty(newer.Value));
    }

    private static string Marker(DiffKind kind) => kind switch
    {
        DiffKind.Added => "+",
        DiffKind.Removed => "-",
        _ => " ",
    };
}
