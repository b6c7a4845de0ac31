namespace EventDashboard.Client.Internal;

/// <summary>
/// The base addresses of the nodes a client may talk to: the server's, then <see cref="EventDashboardClientOptions.FailoverUrls"/>.
/// The client talks to one at a time (<see cref="Current"/>) and moves to the next when its link to that one is lost.
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

    /// <summary>The absolute URL of <paramref name="relative"/> on the current node.</summary>
    public Uri Resolve(string relative) => new(Current, relative);

    /// <summary>Moves to the next address (after the last: the first) if <paramref name="lost"/> is still the current one.</summary>
    /// <param name="lost">The base address whose link was lost.</param>
    /// <returns>Whether this call moved.</returns>
    public bool MoveFrom(Uri lost)
    {
        var index = Volatile.Read(ref _current);
        return _all.Length > 1 && _all[index] == lost && Interlocked.CompareExchange(ref _current, (index + 1) % _all.Length, index) == index;
    }

    private static Uri WithSlash(Uri uri) => uri.AbsoluteUri.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");
}
