using System.Globalization;
using EventDashboard.Client;
using EventDashboard.Web.Dashboard.Internal;
using Microsoft.AspNetCore.Components;

namespace EventDashboard.Web.Dashboard.Shared;

/// <summary>An inline SVG line of the numeric Sets in a history; renders nothing when fewer than two are numbers.</summary>
public sealed partial class HistoryChart
{
    /// <summary>Gets or sets the entries, newest first.</summary>
    [Parameter]
    [EditorRequired]
    public IReadOnlyList<HistoryEntry> Entries { get; set; } = [];

    private NumericChart? Chart { get; set; }

    /// <inheritdoc/>
    protected override void OnParametersSet() => Chart = NumericChart.From(Entries);

    private static string Number(double value) => value.ToString("G6", CultureInfo.InvariantCulture);
}
