namespace EventDashboard.Web.Operations;

/// <summary>A hub connection or event stream whose pushes <see cref="StalledSends"/> watches.</summary>
internal interface IStallWatched
{
    /// <summary>Gets the <c>transport</c> tag of the instruments: <c>hub</c> or <c>event_stream</c>.</summary>
    string Transport { get; }

    /// <summary>Gets what names the connection in the log: a hub connection id, or an event stream's request id.</summary>
    string Id { get; }

    /// <summary>Gets how many pushes are stuck (see <see cref="SendProgress.Stalled"/>).</summary>
    int StalledSends(long now, long timeoutMilliseconds);

    /// <summary>Aborts the connection, the first time only.</summary>
    /// <returns><see langword="true"/> if this call aborted it.</returns>
    bool TryCloseStalled();
}
