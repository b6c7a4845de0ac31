using System.Globalization;
using EventDashboard.Protocol;
using EventDashboard.Web.Dashboard.Internal;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace EventDashboard.Web.Dashboard.Pages.ValueDetails.History;

/// <summary>
/// A line chart (MudChart) of a value's retained numbers, when its newest value is a number and at least two
/// retained ones are; otherwise it renders nothing.
/// </summary>
public sealed partial class HistoryChart
{
    private IReadOnlyList<HistoryEntry>? _drawn;

    /// <summary>Gets or sets the history entries to draw, newest first.</summary>
    [Parameter]
    [EditorRequired]
    public IReadOnlyList<HistoryEntry> Entries { get; set; } = [];

    private NumericChart? Chart { get; set; }

    private List<ChartSeries<double>> Series { get; set; } = [];

    private LineChartOptions Options { get; } = new()
    {
        ShowLegend = false,
        LineStrokeWidth = 2,
        YAxisLines = true,
        XAxisLines = false,
        MaxNumYAxisTicks = 5,
    };

    /// <inheritdoc/>
    protected override void OnParametersSet()
    {
        // Charted once per list of entries, not on every render of the panel.
        if (!ReferenceEquals(_drawn, Entries))
        {
            _drawn = Entries;
            Chart = NumericChart.From(Entries);
            Series = Chart is null ? [] : [new ChartSeries<double> { Name = "Value", Data = Chart.Values }];
        }
    }

    private static string Description(NumericChart chart) => string.Create(
        CultureInfo.InvariantCulture,
        $"Numeric history of {chart.Count} Sets, versions {chart.FirstVersion} to {chart.LastVersion}, from {Number(chart.Min)} to {Number(chart.Max)}");

    private static string Number(double value) => value.ToString("G6", CultureInfo.InvariantCulture);
}
