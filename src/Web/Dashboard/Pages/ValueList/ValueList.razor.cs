using System.Globalization;
using EventDashboard.Client;
using EventDashboard.Web.Values;
using Microsoft.AspNetCore.Components;

namespace EventDashboard.Web.Dashboard.Pages.ValueList;

/// <summary>
/// The list of every value, live. One registry-wide change watcher wakes the page; it redraws from the registry's
/// newest snapshots at most <see cref="MaxRendersPerSecond"/> times a second, so a burst of thousands of Sets costs
/// this circuit a handful of renders, and a browser that reads slowly never makes the server queue anything.
/// </summary>
public sealed partial class ValueList : IDisposable
{
    /// <summary>How often, at the most, the list redraws while values keep changing.</summary>
    internal const int MaxRendersPerSecond = 10;

    private readonly CancellationTokenSource _stop = new();

    [Inject]
    private ValueRegistry Registry { get; set; } = default!;

    [Inject]
    private TimeProvider Time { get; set; } = default!;

    private IReadOnlyList<ValueSnapshot> Values { get; set; } = [];

    private string? Search { get; set; }

    private string CountText => string.Create(CultureInfo.InvariantCulture, $"{Values.Count} {(Values.Count == 1 ? "value" : "values")}");

    /// <inheritdoc/>
    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
    }

    /// <inheritdoc/>
    protected override void OnInitialized() => Values = Registry.List();

    /// <inheritdoc/>
    protected override void OnAfterRender(bool firstRender)
    {
        // Only the interactive render follows the registry; the prerendered copy is thrown away.
        if (firstRender)
        {
            _ = FollowAsync(_stop.Token);
        }
    }

    private bool Matches(ValueSnapshot snapshot) =>
        string.IsNullOrWhiteSpace(Search) || snapshot.Name.Contains(Search.Trim(), StringComparison.OrdinalIgnoreCase);

    private async Task FollowAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var changes = Registry.WatchChanges();
            var pause = TimeSpan.FromSeconds(1.0 / MaxRendersPerSecond);
            while (true)
            {
                // Newest only: however many changes happened since the last Get, this returns once.
                await changes.GetAsync(cancellationToken);
                Values = Registry.List();
                await InvokeAsync(StateHasChanged);
                await Task.Delay(pause, Time, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The page was closed.
        }
    }
}
