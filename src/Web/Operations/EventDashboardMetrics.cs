using System.Diagnostics;
using System.Diagnostics.Metrics;
using EventDashboard.Web.Values;

namespace EventDashboard.Web.Operations;

/// <summary>
/// The server's own instruments, on the <see cref="MeterName"/> meter: Sets, group commits, hub connections and
/// subscriptions, pushes, open event streams and blocking queries, stalled connections, and the number of values
/// (docs/OPERATIONS.md).
/// </summary>
/// <remarks>
/// An instrument costs next to nothing while nobody listens to it; OpenTelemetry listens only when an exporter is on.
/// </remarks>
internal sealed class EventDashboardMetrics
{
    /// <summary>The name of the meter.</summary>
    public const string MeterName = "EventDashboard";

    // The outcome tag of each SetOutcomeKind, made once.
    private static readonly string[] OutcomeNames =
        [.. Enum.GetValues<SetOutcomeKind>().Select(kind => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(kind.ToString()))];

    // Bucket bounds for the seconds histograms: the defaults are meant for milliseconds. From 0.1 ms (a rejection)
    // to 10 s (a stalled disk), as ASP.NET Core's http.server.request.duration has them, with finer steps below 5 ms.
    private static readonly InstrumentAdvice<double> SecondsBuckets = new()
    {
        HistogramBucketBoundaries = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    };

    // Group sizes double up to MaxGroup (1,024).
    private static readonly InstrumentAdvice<int> SizeBuckets = new()
    {
        HistogramBucketBoundaries = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024],
    };

    private readonly Meter _meter;
    private readonly Counter<long> _sets;
    private readonly Histogram<double> _setDuration;
    private readonly Histogram<int> _commitSize;
    private readonly Histogram<double> _commitDuration;
    private readonly UpDownCounter<int> _hubConnections;
    private readonly UpDownCounter<int> _hubSubscriptions;
    private readonly Counter<long> _deliveries;
    private readonly UpDownCounter<int> _eventStreams;
    private readonly UpDownCounter<int> _blockingQueries;
    private readonly Counter<long> _versionsSkipped;
    private readonly Counter<long> _sendTimeouts;
    private readonly Counter<long> _stalledClosed;

    public EventDashboardMetrics(IMeterFactory meterFactory)
    {
        _meter = meterFactory.Create(MeterName);
        _sets = _meter.CreateCounter<long>("eventdashboard.sets", "{set}", "Sets and deletes answered, by source and outcome.");
        _setDuration = _meter.CreateHistogram<double>("eventdashboard.set.duration", "s", "How long a Set or delete took to answer, the store commit included.", advice: SecondsBuckets);
        _commitSize = _meter.CreateHistogram<int>("eventdashboard.store.commit.size", "{set}", "How many Sets one group commit wrote.", advice: SizeBuckets);
        _commitDuration = _meter.CreateHistogram<double>("eventdashboard.store.commit.duration", "s", "How long one group commit to the store took.", advice: SecondsBuckets);
        _hubConnections = _meter.CreateUpDownCounter<int>("eventdashboard.hub.connections", "{connection}", "Open connections of the values hub.");
        _hubSubscriptions = _meter.CreateUpDownCounter<int>("eventdashboard.hub.subscriptions", "{subscription}", "Hub subscriptions to a value, over every connection.");
        _deliveries = _meter.CreateCounter<long>("eventdashboard.deliveries", "{message}", "Pushes written to hub connections.");
        _eventStreams = _meter.CreateUpDownCounter<int>("eventdashboard.event_streams", "{stream}", "Open Server-Sent Events streams.");
        _blockingQueries = _meter.CreateUpDownCounter<int>("eventdashboard.blocking_queries", "{query}", "Blocking queries waiting for a newer version.");
        _versionsSkipped = _meter.CreateCounter<long>(
            "eventdashboard.versions_skipped", "{version}", "Versions a watcher never got because a newer one replaced them while it was busy (newest-only delivery), by transport.");
        _sendTimeouts = _meter.CreateCounter<long>(
            "eventdashboard.send_timeouts", "{send}", "Pushes that waited longer than the send time-out, by transport; each closed its connection.");
        _stalledClosed = _meter.CreateCounter<long>(
            "eventdashboard.stalled_connections.closed", "{connection}", "Hub connections and event streams closed because their pushes waited longer than the send time-out, by transport.");
    }

    /// <summary>Observes how many values exist, as the <c>eventdashboard.values</c> gauge.</summary>
    public void ObserveValues(Func<int> count) =>
        _meter.CreateObservableGauge("eventdashboard.values", count, "{value}", "Values that exist now (set and not deleted).");

    /// <summary>Observes the live watchers by kind, as the <c>eventdashboard.watchers</c> gauge.</summary>
    public void ObserveWatchers(Func<IEnumerable<Measurement<int>>> watchers) =>
        _meter.CreateObservableGauge("eventdashboard.watchers", watchers, "{watcher}", "Live watchers of values, by kind (hub, dotnet_client, event_stream, blocking_query, dashboard, server).");

    /// <summary>Records an answered Set or delete, started at <paramref name="startTimestamp"/> (<see cref="Stopwatch.GetTimestamp"/>).</summary>
    public void RecordSet(string source, SetOutcomeKind outcome, long startTimestamp)
    {
        var tags = new TagList { { "source", source }, { "outcome", OutcomeNames[(int)outcome] } };
        _sets.Add(1, tags);
        _setDuration.Record(Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds, tags);
    }

    /// <summary>Records one group commit of <paramref name="size"/> Sets, started at <paramref name="startTimestamp"/>.</summary>
    public void RecordCommit(int size, long startTimestamp, bool succeeded)
    {
        var outcome = new KeyValuePair<string, object?>("outcome", succeeded ? "ok" : "failed");
        _commitSize.Record(size, outcome);
        _commitDuration.Record(Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds, outcome);
    }

    public void HubConnectionsChanged(int delta) => _hubConnections.Add(delta);

    public void HubSubscriptionsChanged(int delta)
    {
        if (delta != 0)
        {
            _hubSubscriptions.Add(delta);
        }
    }

    public void Delivered() => _deliveries.Add(1);

    public void EventStreamsChanged(int delta) => _eventStreams.Add(delta);

    public void BlockingQueriesChanged(int delta) => _blockingQueries.Add(delta);

    /// <summary>Counts a connection closed because <paramref name="sends"/> pushes to it timed out.</summary>
    public void StalledConnectionClosed(string transport, int sends)
    {
        var tag = new KeyValuePair<string, object?>("transport", transport);
        _sendTimeouts.Add(sends, tag);
        _stalledClosed.Add(1, tag);
    }

    /// <summary>Counts the versions between two that one watcher got in a row, over <paramref name="transport"/>.</summary>
    public void CountSkipped(long previousVersion, long version, string transport)
    {
        if (version > previousVersion + 1 && previousVersion > 0)
        {
            _versionsSkipped.Add(version - previousVersion - 1, new KeyValuePair<string, object?>("transport", transport));
        }
    }
}
