using System.Globalization;

namespace EventDashboard.Benchmarks.Storage;

/// <summary>One row of the Sets table: a target with a number of concurrent setters over the measured window.</summary>
/// <param name="Target">The target's name.</param>
/// <param name="Setters">How many setters ran concurrently.</param>
/// <param name="Sets">Sets answered with a 2xx within the window.</param>
/// <param name="Errors">Sets answered otherwise, or failed, within the window.</param>
/// <param name="FirstError">The first error, when there were any.</param>
/// <param name="Seconds">The window's length.</param>
/// <param name="P50">Median latency of a Set, ms.</param>
/// <param name="P99">99th percentile latency of a Set, ms.</param>
/// <param name="Max">Largest latency of a Set, ms.</param>
/// <param name="TargetCores">CPU the target used over the window, in cores.</param>
/// <param name="LoadCores">CPU this load generator used over the window, in cores.</param>
internal sealed record SetResult(
    string Target, int Setters, long Sets, long Errors, string? FirstError, double Seconds,
    double P50, double P99, double Max, double TargetCores, double LoadCores)
{
    public const string Header =
        "| target | setters | Sets/s | p50 | p99 | max | errors | target CPU | load generator CPU |\n" +
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|";

    public double PerSecond => Sets / Seconds;

    public string ToRow() => string.Create(CultureInfo.InvariantCulture,
        $"| {Target} | {Setters} | {PerSecond:N0} | {P50:F2} ms | {P99:F2} ms | {Max:F1} ms | {Errors:N0} | {TargetCores:F2} cores | {LoadCores:F2} cores |");
}
