using System.Diagnostics;
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

    private static readonly HashSet<string> Sampled =
    [
        "eventdashboard.sets", "eventdashboard.deliveries", "eventdashboard.versions_skipped",
        "eventdashboard.hub.connections", "eventdashboard.event_streams", "eventdashboard.values",
    ];

    private readonly MeterListener _listener = new();
    private readonly TimeProvider _time;
    private readonly MemoryValue<IReadOnlyList<ServerSample>> _samples = new();
    private readonly Queue<ServerSample> _window = new(Capacity);

    // Running totals, written by the listener's callbacks on whatever thread records a measurement.
    private long _sets;
    private long _deliveries;
    private long _skipped;
    private long _hubConnections;
    private long _eventStreams;
    private long _values;

    // What the previous sample saw, to turn totals into rates. Only Sample touches them.
    private long _lastSets;
    private long _lastDeliveries;
    private long _lastSkipped;
    private long _lastTimestamp;

    public ServerStats(IMeterFactory meterFactory, TimeProvider time)
    {
        _time = time;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == EventDashboardMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, meterFactory) && Sampled.Contains(instrument.Name))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<int>((instrument, value, _, _) => Add(instrument.Name, value));
        _listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => Add(instrument.Name, value));
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
            Rate(Interlocked.Read(ref _sets), ref _lastSets, seconds),
            Rate(Interlocked.Read(ref _deliveries), ref _lastDeliveries, seconds),
            Rate(Interlocked.Read(ref _skipped), ref _lastSkipped, seconds),
            Interlocked.Read(ref _hubConnections),
            Interlocked.Read(ref _eventStreams),
            Interlocked.Read(ref _values),
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

    private static double Rate(long total, ref long last, double seconds)
    {
        var delta = total - last;
        last = total;
        return delta / seconds;
    }

    private void Add(string instrument, long value)
    {
        switch (instrument)
        {
            case "eventdashboard.sets":
                Interlocked.Add(ref _sets, value);
                break;
            case "eventdashboard.deliveries":
                Interlocked.Add(ref _deliveries, value);
                break;
            case "eventdashboard.versions_skipped":
                Interlocked.Add(ref _skipped, value);
                break;
            case "eventdashboard.hub.connections":
                Interlocked.Add(ref _hubConnections, value);
                break;
            case "eventdashboard.event_streams":
                Interlocked.Add(ref _eventStreams, value);
                break;
            case "eventdashboard.values":
                // A gauge reports the value itself, not a change.
                Interlocked.Exchange(ref _values, value);
                break;
            default:
                Debug.Fail($"not listening to {instrument}");
                break;
        }
    }
}
