using System.Globalization;
using EventDashboard.Web.Operations;
using EventDashboard.Web.Values;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace EventDashboard.Web.Dashboard.Pages.Server;

/// <summary>
/// The server's activity over the last minutes, live: Sets, pushes and skipped versions per second, connections
/// and streams, values and memory, as tiles of the current second and line charts of the window.
/// </summary>
/// <remarks>
/// The samples come from <see cref="ServerStats"/>, which reads the same instruments as <c>/metrics</c>. The page
/// watches them newest-only, as every dashboard page watches values: a slow browser skips samples, and the server
/// keeps one window for it.
/// </remarks>
public sealed partial class ServerPage : IDisposable
{
    private readonly CancellationTokenSource _stop = new();

    [Inject]
    private ServerStats Stats { get; set; } = default!;

    [Inject]
    private ValueRegistry Registry { get; set; } = default!;

    private IReadOnlyList<ServerSample> Samples { get; set; } = [];

    private ServerSample? Newest => Samples.Count > 0 ? Samples[^1] : null;

    private string[] Labels { get; set; } = [];

    private List<Chart> Charts { get; set; } = [];

    private LineChartOptions Options { get; } = new()
    {
        ShowLegend = true,
        LineStrokeWidth = 2,
        YAxisLines = true,
        XAxisLines = false,
        MaxNumYAxisTicks = 4,
    };

    private string WindowText => Samples.Count switch
    {
        0 => string.Empty,
        1 => "The last second, live",
        var n when n < 120 => string.Create(CultureInfo.InvariantCulture, $"The last {n} seconds, live"),
        var n => string.Create(CultureInfo.InvariantCulture, $"The last {n / 60} minutes, live"),
    };

    /// <inheritdoc/>
    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
    }

    /// <inheritdoc/>
    protected override void OnInitialized() => Show(Stats.Current);

    /// <inheritdoc/>
    protected override void OnAfterRender(bool firstRender)
    {
        // Only the interactive render follows the samples; the prerendered copy is thrown away.
        if (firstRender)
        {
            _ = WatchAsync(_stop.Token);
        }
    }

    private static string Rate(double perSecond) => perSecond.ToString(perSecond < 10 ? "0.#" : "N0", CultureInfo.InvariantCulture);

    private static string Count(long count) => count.ToString("N0", CultureInfo.InvariantCulture);

    private static string Megabytes(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024.0):N0} MB");

    private async Task WatchAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var watcher = Stats.Watch();
            while (true)
            {
                var samples = await watcher.GetAsync(cancellationToken);
                await InvokeAsync(() =>
                {
                    Show(samples);
                    StateHasChanged();
                });
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The page was closed.
        }
    }

    private void Show(IReadOnlyList<ServerSample> samples)
    {
        Samples = samples;

        // One label a minute, counted back from now; the other points stay unlabelled so the axis stays readable.
        Labels = [.. samples.Select((_, i) => (samples.Count - 1 - i) is var ago && ago % 60 == 0 ? (ago == 0 ? "now" : $"-{ago / 60}m") : string.Empty)];
        Charts =
        [
            new("throughput", "Per second", [Series("Sets", s => s.SetsPerSecond), Series("Pushes", s => s.DeliveriesPerSecond), Series("Skipped versions", s => s.SkippedPerSecond)]),
            new("connections", "Connections", [Series("Hub connections", s => s.HubConnections), Series("Event streams", s => s.EventStreams)]),
            new("memory", "Memory (MB)", [Series("Resident", s => s.WorkingSetBytes / (1024.0 * 1024.0)), Series("Managed heap", s => s.HeapBytes / (1024.0 * 1024.0))]),
        ];

        ChartSeries<double> Series(string name, Func<ServerSample, double> value) => new() { Name = name, Data = samples.Select(value).ToArray() };
    }

    private sealed record Chart(string Id, string Title, List<ChartSeries<double>> Series);
}
