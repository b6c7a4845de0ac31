namespace EventDashboard.Web.Operations;

/// <summary>One second of the server's activity, as the dashboard's server page charts it.</summary>
/// <param name="At">When the second ended.</param>
/// <param name="SetsPerSecond">Sets and deletes answered per second, rejected ones included.</param>
/// <param name="DeliveriesPerSecond">Pushes written to hub connections per second.</param>
/// <param name="SkippedPerSecond">Versions that newest-only delivery skipped per second.</param>
/// <param name="HubConnections">Open hub connections.</param>
/// <param name="EventStreams">Open Server-Sent Events streams.</param>
/// <param name="Values">Values that exist.</param>
/// <param name="StalledClosed">Hub connections and event streams closed since the start because they took no push for the send time-out.</param>
/// <param name="WorkingSetBytes">The process's resident memory.</param>
/// <param name="HeapBytes">The bytes the managed heap holds now, garbage not yet collected included.</param>
internal sealed record ServerSample(
    DateTimeOffset At,
    double SetsPerSecond,
    double DeliveriesPerSecond,
    double SkippedPerSecond,
    long HubConnections,
    long EventStreams,
    long Values,
    long StalledClosed,
    long WorkingSetBytes,
    long HeapBytes);
