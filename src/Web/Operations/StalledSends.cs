using System.Collections.Concurrent;
using EventDashboard.Web.Hubs.Internal;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;
using Microsoft.Extensions.Options;

namespace EventDashboard.Web.Operations;

/// <summary>
/// Closes hub connections and event streams that take nothing for <see cref="EventDashboardOptions.SendTimeout"/>,
/// and counts them (<c>eventdashboard.send_timeouts</c>, <c>eventdashboard.stalled_connections.closed</c>).
/// </summary>
/// <remarks>
/// <para>
/// Newest-only delivery already bounds what a stalled connection holds (one pending push per subscribed value); this
/// frees even that, and the connection's watchers, and tells the operator. It looks at the pushes themselves, a
/// sweep over every open connection a few times per time-out, instead of a timer per send: a send costs two writes
/// (<see cref="SendProgress"/>), and a connection nothing.
/// </para>
/// <para>
/// The transports' own time-outs are set beyond this one so that the close is seen here: SignalR's
/// <c>TransportSendTimeout</c> is twice the time-out, and Kestrel's minimum response data rate is lifted from event
/// streams (<see cref="Track"/>). What SignalR still closes on its own, uncounted, is a socket stuck while no push waits.
/// </para>
/// </remarks>
internal sealed partial class StalledSends : BackgroundService
{
    private readonly ConcurrentDictionary<EventStreamSends, byte> _streams = new();
    private readonly HubConnections _hubs;
    private readonly EventDashboardMetrics _metrics;
    private readonly ILogger<StalledSends> _logger;
    private readonly TimeSpan _timeout;

    public StalledSends(HubConnections hubs, EventDashboardMetrics metrics, IOptions<EventDashboardOptions> options, ILogger<StalledSends> logger)
    {
        _hubs = hubs;
        _metrics = metrics;
        _logger = logger;
        _timeout = options.Value.SendTimeout;
    }

    /// <summary>Gets how often connections are looked at: a quarter of the time-out, at most once a second.</summary>
    public TimeSpan SweepInterval => TimeSpan.FromTicks(Math.Min(_timeout.Ticks / 4, TimeSpan.TicksPerSecond));

    /// <summary>Starts watching an event stream's pushes; disposing the result stops it.</summary>
    public EventStreamSends Track(HttpContext context)
    {
        // Kestrel would close a stalled stream itself, after its minimum response data rate's grace period, and
        // nothing here could tell that close from a client that left: the stream is held to this time-out instead.
        if (context.Features.Get<IHttpMinResponseDataRateFeature>() is { } rate)
        {
            rate.MinDataRate = null;
        }

        var sends = new EventStreamSends(this, context);
        _streams.TryAdd(sends, 0);
        return sends;
    }

    internal void Untrack(EventStreamSends sends) => _streams.TryRemove(sends, out _);

    /// <summary>Closes every connection and stream whose pushes are stuck now.</summary>
    internal void Sweep()
    {
        var now = Environment.TickCount64;
        var timeout = (long)_timeout.TotalMilliseconds;
        foreach (var connection in _hubs.All)
        {
            Close(connection, now, timeout);
        }

        foreach (var stream in _streams.Keys)
        {
            Close(stream, now, timeout);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(SweepInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            Sweep();
        }
    }

    private void Close(IStallWatched target, long now, long timeout)
    {
        var stalled = target.StalledSends(now, timeout);
        if (stalled > 0 && target.TryCloseStalled())
        {
            _metrics.StalledConnectionClosed(target.Transport, stalled);
            LogClosedStalled(target.Transport, target.Id, stalled, _timeout);
        }
    }
}
