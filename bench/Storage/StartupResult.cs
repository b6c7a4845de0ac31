using System.Globalization;

namespace EventDashboard.Benchmarks.Storage;

/// <summary>One row of the startup table: a store, how it was filled, and its measured restarts.</summary>
/// <param name="Store">The provider and what it holds.</param>
/// <param name="Values">How many values the store holds.</param>
/// <param name="HistoryRows">How many retained Sets (history rows) it holds.</param>
/// <param name="Import">How the import went, or null when nothing was imported.</param>
/// <param name="DataBytes">The size of the data folder after the runs, or null for the in-memory store or a row not measured.</param>
/// <param name="StartupMs">Per restart: process start to the first 200 from <c>/healthz</c>, ms.</param>
/// <param name="ResidentBytes">Per restart: VmRSS right after that 200.</param>
/// <param name="HeapBytes">Per restart: the managed heap after a full GC, read right after VmRSS.</param>
/// <param name="Problem">Why the row is missing or wrong, or null.</param>
internal sealed record StartupResult(
    string Store, int Values, long HistoryRows, string? Import, long? DataBytes,
    IReadOnlyList<double> StartupMs, IReadOnlyList<long> ResidentBytes, IReadOnlyList<long> HeapBytes, string? Problem)
{
    public const string Header =
        "| store | values | retained history rows | import | data folder | start to first 200 from /healthz | VmRSS right after | managed heap after full GC |\n" +
        "|---|---:|---:|---|---:|---|---|---|";

    public string ToRow()
    {
        const double MiB = 1024 * 1024;
        var store = Problem is null ? Store : $"{Store} (**{Problem}**)";
        var folder = DataBytes is { } bytes ? string.Create(CultureInfo.InvariantCulture, $"{bytes / MiB:F1} MB") : "-";
        return string.Create(CultureInfo.InvariantCulture,
            $"| {store} | {Values:N0} | {HistoryRows:N0} | {Import ?? "-"} | {folder} | {Spread(StartupMs, 1, "ms", "F0")} | {Spread([.. ResidentBytes.Select(b => (double)b)], MiB, "MB", "F1")} | {Spread([.. HeapBytes.Select(b => (double)b)], MiB, "MB", "F1")} |");
    }

    // "median unit (min-max)" over the restarts.
    private static string Spread(IReadOnlyList<double> samples, double scale, string unit, string format)
    {
        if (samples.Count == 0)
        {
            return "not measured";
        }

        var sorted = samples.Select(s => s / scale).Order().ToList();
        var median = Percentile.Of(sorted, 0.5).ToString(format, CultureInfo.InvariantCulture);
        return sorted.Count == 1
            ? $"{median} {unit}"
            : $"{median} {unit} ({sorted[0].ToString(format, CultureInfo.InvariantCulture)}-{sorted[^1].ToString(format, CultureInfo.InvariantCulture)})";
    }
}
