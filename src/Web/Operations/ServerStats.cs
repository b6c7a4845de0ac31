using System.Diagnostics.Metrics;
using EventDashboard.Core;

namespace EventDashboard.Web.Operations;

/// <summary>
/// Samples this server's own <see cref="EventDashboardMetrics"/> instruments once a second and keeps the last
/// <see cref="Capacity"/> samples, for the dashboard's server page. The page watches <see cref="Watch"/>: a Core
/// value, so a page that renders slowly gets the newest window, never a queue of them.
/// </summary>
/// <remarks>
/// It reads the same instruments an exporter does, through a <see cref="MeterListener"/> scoped to this host's
/// <see cref="IMeterFactory"/>, so two hosts in one process (tests) do not count each other.
/// </remarks>
internal sealed class ServerStats : BackgroundService
{
    /// <summary>How many one-second samples are kept: five minutes.</summary>
    public const int Capacity = 300;

    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    // The instruments sampled, by their index in the running totals. The first three are counters shown as rates;
    // the values gauge reports the value itself rather than a change; the stalled closes are shown as their total.
    private static readonly string[] Sampled =
    [
        "eventdashboard.sets", "eventdashboard.deliveries", "eventdashboard.versions_skipped",
        "eventdashboard.hub.connections", "eventdashboard.event_streams", "eventdashboard.values",
        "eventdashboard.stalled_connections.closed",
    ];

    private const int Sets = 0, Deliveries = 1, Skipped = 2, HubConnections = 3, EventStreams = 4, Values = 5, StalledClosed = 6, Rates = 3;

    private readonly MeterListener _listener = new();
    private readonly TimeProvider _time;
    private readonly MemoryValue<IReadOnlyList<ServerSample>> _samples = new();
    private readonly Queue<ServerSample> _window = new(Capacity);

    // Running totals, written by the listener's callbacks on whatever thread records a measurement.
    private readonly long[] _totals = new long[Sampled.Length];

    // What the previous sample saw of the counters, to turn totals into rates. Only Sample touches them.
    private readonly long[] _last = new long[Rates];
    private long _lastTimestamp;

    public ServerStats(IMeterFactory meterFactory, TimeProvider time)
    {
        _time = time;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == EventDashboardMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, meterFactory)
                && Array.IndexOf(Sampled, instrument.Name) is var index and >= 0)
            {
                listener.EnableMeasurementEvents(instrument, index);
            }
        };
        _listener.SetMeasurementEventCallback<int>((_, value, _, index) => Add((int)index!, value));
        _listener.SetMeasurementEventCallback<long>((_, value, _, index) => Add((int)index!, value));
        _listener.Start();
        _lastTimestamp = time.GetTimestamp();
        _samples.Set([]);
    }

    /// <summary>Gets the samples so far, oldest first.</summary>
    public IReadOnlyList<ServerSample> Current => _samples.TryGetValue(out var samples) ? samples : [];

    /// <summary>Watches the samples, oldest first; the first Get returns the current window at once.</summary>
    public IWatcher<IReadOnlyList<ServerSample>> Watch() => _samples.Watch();

    /// <summary>Takes one sample now. The service calls it every second; tests call it themselves.</summary>
    public ServerSample Sample()
    {
        // The values gauge is observable: it reports when asked.
        _listener.RecordObservableInstruments();
        var now = _time.GetTimestamp();
        var seconds = Math.Max(_time.GetElapsedTime(_lastTimestamp, now).TotalSeconds, 0.001);
        _lastTimestamp = now;
        var sample = new ServerSample(
            _time.GetUtcNow(),
            Rate(Sets, seconds),
            Rate(Deliveries, seconds),
            Rate(Skipped, seconds),
            Interlocked.Read(ref _totals[HubConnections]),
            Interlocked.Read(ref _totals[EventStreams]),
            Interlocked.Read(ref _totals[Values]),
            Interlocked.Read(ref _totals[StalledClosed]),
            Environment.WorkingSet,
            GC.GetTotalMemory(forceFullCollection: false));

        lock (_window)
        {
            if (_window.Count == Capacity)
            {
                _window.Dequeue();
            }

            _window.Enqueue(sample);
            _samples.Set(_window.ToArray());
        }

        return sample;
    }

    /// <inheritdoc/>
    public override void Dispose()
    {
        _listener.Dispose();
        base.Dispose();
    }

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                Sample();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private double Rate(int counter, double seconds)
    {
        var total = Interlocked.Read(ref _totals[counter]);
        var delta = total - _last[counter];
        _last[counter] = total;
        return delta / seconds;
    }

    private void Add(int index, long value)
    {
        if (index == Values)
        {
            Interlocked.Exchange(ref _totals[index], value);
        }
        else
        {
            Interlocked.Add(ref _totals[index], value);
        }
    }
}
