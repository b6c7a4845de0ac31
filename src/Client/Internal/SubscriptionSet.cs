using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;

namespace EventDashboard.Client.Internal;

/// <summary>
/// The names this client watches, each with its count of local watchers. The transport follows the set with
/// one server subscription per name, and it alone removes a name once its last local watcher is gone
/// (<see cref="TryRemove"/>): until then a name that is watched again keeps its mirror and its server subscription.
/// </summary>
[SuppressMessage("Design", "CA1001", Justification = "The CancellationTokenSource has no timer and no wait handle, so it holds nothing to dispose; disposing it would make Closing throw.")]
internal sealed class SubscriptionSet
{
    // The set whose hub push is being dispatched on this thread (HubTransport), while it runs a woken Get inline.
    [ThreadStatic]
    private static SubscriptionSet? t_dispatching;

    private readonly Lock _lock = new();
    private readonly Dictionary<string, Subscription> _byName = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _closing = new();

    /// <summary>Raised, outside the lock, after a name gains its first local watcher or loses its last.</summary>
    public event Action? Changed;

    /// <summary>
    /// Gets a token that is cancelled when the client is disposed. A remote watcher registers on it only while a
    /// Get is pending, so that the registration never keeps an idle (or dropped) watcher alive.
    /// </summary>
    public CancellationToken Closing => _closing.Token;

    /// <summary>Gets a value indicating whether the client was disposed.</summary>
    public bool IsClosed => _closing.IsCancellationRequested;

    /// <summary>
    /// Gets a value indicating whether this thread is dispatching a hub push of this client (<see cref="Dispatch"/>):
    /// code that runs now holds the connection's next push until it returns or awaits. A write of this client that
    /// starts here must then not wait for its own push (read-your-writes), which, if the caller blocks on the write,
    /// could only arrive after the caller returned; it reads the value instead.
    /// </summary>
    public bool IsDispatching => t_dispatching == this;

    /// <summary>Marks this thread as dispatching a hub push of this client until the scope is disposed.</summary>
    /// <returns>The scope, which restores the mark there was before.</returns>
    public DispatchScope Dispatch()
    {
        var outer = t_dispatching;
        t_dispatching = this;
        return new DispatchScope(outer);
    }

    /// <summary>Ends every pending Get of every watcher of this set, and every later one: the client is disposed.</summary>
    public void Close() => _closing.Cancel();

    public Subscription Acquire(string name)
    {
        Subscription? subscription;
        bool first;
        lock (_lock)
        {
            if (!_byName.TryGetValue(name, out subscription))
            {
                subscription = new Subscription(name);
                _byName.Add(name, subscription);
            }

            first = subscription.LocalWatchers++ == 0;
        }

        if (first)
        {
            Changed?.Invoke();
        }

        return subscription;
    }

    /// <summary>Adds a local watcher to <paramref name="name"/> only if it already has one.</summary>
    /// <returns>The subscription, to <see cref="Release"/> later; <see langword="null"/> when nobody watches the name.</returns>
    public Subscription? TryAcquireWatched(string name)
    {
        lock (_lock)
        {
            if (_byName.TryGetValue(name, out var subscription) && subscription.LocalWatchers > 0)
            {
                subscription.LocalWatchers++;
                return subscription;
            }

            return null;
        }
    }

    public void Release(Subscription subscription)
    {
        bool last;
        lock (_lock)
        {
            Debug.Assert(subscription.LocalWatchers > 0);
            last = --subscription.LocalWatchers == 0;
        }

        if (last)
        {
            Changed?.Invoke();
        }
    }

    /// <summary>Gets the subscription of <paramref name="name"/>, watched or not yet removed.</summary>
    public Subscription? Find(string name)
    {
        lock (_lock)
        {
            return _byName.GetValueOrDefault(name);
        }
    }

    /// <summary>Gets every subscription with whether it is still watched, as of one instant.</summary>
    public (Subscription Subscription, bool Watched)[] ToArray()
    {
        lock (_lock)
        {
            var result = new (Subscription, bool)[_byName.Count];
            var i = 0;
            foreach (var subscription in _byName.Values)
            {
                result[i++] = (subscription, subscription.LocalWatchers > 0);
            }

            return result;
        }
    }

    /// <summary>Removes <paramref name="subscription"/> if nobody watches it any more.</summary>
    /// <returns><see langword="true"/> when it was removed; <see langword="false"/> when it is watched again.</returns>
    public bool TryRemove(Subscription subscription)
    {
        lock (_lock)
        {
            if (subscription.LocalWatchers > 0)
            {
                return false;
            }

            var removed = _byName.Remove(subscription.Name);
            Debug.Assert(removed);
            return true;
        }
    }

    /// <summary>The mark of <see cref="Dispatch"/>; disposing it restores the one before.</summary>
    internal readonly struct DispatchScope(SubscriptionSet? outer) : IDisposable
    {
        public void Dispose() => t_dispatching = outer;
    }
}
