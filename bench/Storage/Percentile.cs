namespace EventDashboard.Benchmarks.Storage;

/// <summary>Nearest-rank percentiles of sorted samples.</summary>
internal static class Percentile
{
    /// <summary>The smallest sample that at least <paramref name="p"/> (0 to 1) of the samples do not exceed; NaN when there are none.</summary>
    public static double Of(IReadOnlyList<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
}
