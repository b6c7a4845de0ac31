using System.Diagnostics;

namespace EventDashboard.Client.Internal;

/// <summary>
/// The base addresses of the nodes a client may talk to: the server's, then <see cref="EventDashboardClientOptions.FailoverUrls"/>.
/// The client talks to one at a time (<see cref="Current"/>) and moves to the next when its link to that one is lost,
/// or to a ready one when its node cannot follow the shared store (<see cref="StaleNodeSwitch"/>).
/// </summary>
/// <remarks>
/// The hub link and each prefix stream report losses independently; <see cref="MoveFrom"/> moves only when the lost
/// address is still the current one, so two reports of one node going away move once, not twice (back to it).
/// </remarks>
internal sealed class ServerAddresses
{
    private readonly Uri[] _all;
    private int _current;

    public ServerAddresses(Uri first, IEnumerable<Uri> more)
    {
        _all = [.. new[] { first }.Concat(more).Select(WithSlash).Distinct()];
    }

    /// <summary>Gets the address to talk to now.</summary>
    public Uri Current => _all[Volatile.Read(ref _current)];

    /// <summary>Gets how many addresses there are.</summary>
    public int Count => _all.Length;

    /// <summary>Moves to the next address (after the last: the first) if <paramref name="lost"/> is still the current one.</summary>
    /// <param name="lost">The base address whose link was lost.</param>
    /// <returns>Whether this call moved.</returns>
    public bool MoveFrom(Uri lost)
    {
        var index = Volatile.Read(ref _current);
        return _all.Length > 1 && _all[index] == lost && Interlocked.CompareExchange(ref _current, (index + 1) % _all.Length, index) == index;
    }

    /// <summary>Moves to <paramref name="target"/> if <paramref name="from"/> is still the current address.</summary>
    /// <param name="from">The base address the caller wants to leave.</param>
    /// <param name="target">One of the addresses, to move to.</param>
    /// <returns>Whether this call moved; not when another report (a lost link) moved first.</returns>
    public bool MoveTo(Uri from, Uri target)
    {
        var index = Volatile.Read(ref _current);
        var next = Array.IndexOf(_all, target);
        Debug.Assert(next >= 0, "The target is one of the addresses.");
        return next >= 0 && next != index && _all[index] == from && Interlocked.CompareExchange(ref _current, next, index) == index;
    }

    /// <summary>Gets the other addresses, in the order they are tried after <paramref name="server"/>.</summary>
    /// <param name="server">The address to leave out.</param>
    /// <returns>The others, starting with the one after <paramref name="server"/>.</returns>
    public IEnumerable<Uri> After(Uri server)
    {
        var start = Array.IndexOf(_all, server);
        for (var i = 1; i < _all.Length; i++)
        {
            yield return _all[(start + i) % _all.Length];
        }
    }

    private static Uri WithSlash(Uri uri) => uri.AbsoluteUri.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");
}
