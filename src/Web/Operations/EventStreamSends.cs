namespace EventDashboard.Web.Operations;

/// <summary>The pushes of one Server-Sent Events stream, watched by <see cref="StalledSends"/> while it is open.</summary>
internal sealed class EventStreamSends : IStallWatched, IDisposable
{
    private readonly StalledSends _owner;
    private readonly HttpContext _context;
    private SendProgress _progress;
    private int _closed;

    public EventStreamSends(StalledSends owner, HttpContext context)
    {
        _owner = owner;
        _context = context;
    }

    public string Transport => "event_stream";

    public string Id => _context.TraceIdentifier;

    /// <summary>Marks an event as handed to the response; <see cref="End"/> marks it written.</summary>
    public void Begin() => _progress.Begin();

    public void End() => _progress.End();

    public int StalledSends(long now, long timeoutMilliseconds) => _progress.Stalled(now, timeoutMilliseconds);

    public bool TryCloseStalled()
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
        {
            return false;
        }

        // Ends the pending write with an error, which ends the stream; the client reconnects with Last-Event-ID.
        _context.Abort();
        return true;
    }

    /// <summary>Stops watching: the stream has ended.</summary>
    public void Dispose() => _owner.Untrack(this);
}
