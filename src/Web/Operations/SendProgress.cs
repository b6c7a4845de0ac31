using System.Diagnostics;

namespace EventDashboard.Web.Operations;

/// <summary>
/// The pushes in flight to one connection or event stream, and when one last started or ended: what
/// <see cref="StalledSends"/> reads to tell a stalled connection from a busy one. A mutable struct kept in a field of
/// its owner, so it costs every open connection 16 bytes and no allocation.
/// </summary>
/// <remarks>
/// A connection is stalled when it has sends in flight and none started or ended for the send time-out. Each
/// subscription has at most one send in flight, so once every subscribed value has a send stuck, nothing starts and
/// the time since the last progress only grows.
/// </remarks>
internal struct SendProgress
{
    private int _pending;
    private long _lastProgress;

    /// <summary>Gets how many sends are in flight now.</summary>
    public int Pending => Volatile.Read(ref _pending);

    /// <summary>Marks a send as started.</summary>
    /// <returns>How many sends are in flight, this one included.</returns>
    public int Begin()
    {
        // The time is written before the count goes up. A reader that sees the higher count therefore sees this time
        // or a later one (Interlocked is a full fence), so an idle connection's old time is never read as the start
        // of a send that just began.
        Volatile.Write(ref _lastProgress, Environment.TickCount64);
        return Interlocked.Increment(ref _pending);
    }

    /// <summary>Marks a send as ended, taken by the transport or failed.</summary>
    public void End()
    {
        Volatile.Write(ref _lastProgress, Environment.TickCount64);
        var pending = Interlocked.Decrement(ref _pending);
        Debug.Assert(pending >= 0, "Every End follows its Begin.");
    }

    /// <summary>
    /// Gets how many sends are stuck: all those in flight when none started or ended for <paramref name="timeoutMilliseconds"/>
    /// up to <paramref name="now"/> (<see cref="Environment.TickCount64"/>), otherwise 0.
    /// </summary>
    public int Stalled(long now, long timeoutMilliseconds)
    {
        // The count is read first: if it includes a send that just began, the time read after it is that send's start
        // (see Begin). If it includes a send that just ended, the time is at worst the start of that send.
        var pending = Volatile.Read(ref _pending);
        return pending > 0 && now - Volatile.Read(ref _lastProgress) >= timeoutMilliseconds ? pending : 0;
    }
}
