using System.Globalization;

namespace EventDashboard.Benchmarks.Storage;

/// <summary>One row of the cluster table: Sets on one node, a watcher per name on the same or another node, over the measured window.</summary>
/// <param name="Target">What ran: the nodes and the store.</param>
/// <param name="Setters">How many setters ran concurrently, each on its own name with its own watcher.</param>
/// <param name="Sets">Sets answered with a 2xx within the window.</param>
/// <param name="Errors">Sets answered otherwise, or failed, within the window.</param>
/// <param name="Seconds">The window's length.</param>
/// <param name="SetP50">Median latency of a Set's answer, ms.</param>
/// <param name="SetP99">99th percentile latency of a Set's answer, ms.</param>
/// <param name="Delivered">Sets of the window that a watcher received (newest-only delivery may skip some).</param>
/// <param name="WatchP50">Median time from sending a Set to its watcher having it, ms.</param>
/// <param name="WatchP99">99th percentile of the same, ms.</param>
/// <param name="Backwards">Events whose version was lower than one the same watcher had already had.</param>
internal sealed record WatchedSetResult(
    string Target, int Setters, long Sets, long Errors, double Seconds, double SetP50, double SetP99,
    long Delivered, double WatchP50, double WatchP99, long Backwards)
{
    public const string Header =
        "| target | setters | Sets/s | Set answered p50 / p99 | Set to watcher p50 / p99 | delivered | errors | versions backwards |\n" +
        "|---|---:|---:|---:|---:|---:|---:|---:|";

    public string ToRow() => string.Create(CultureInfo.InvariantCulture,
        $"| {Target} | {Setters} | {Sets / Seconds:N0} | {SetP50:F2} / {SetP99:F2} ms | {WatchP50:F2} / {WatchP99:F2} ms | {(Sets == 0 ? 0 : 100.0 * Delivered / Sets):F0} % | {Errors:N0} | {Backwards:N0} |");
}
