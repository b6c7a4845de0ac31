using EventDashboard.Core;

namespace EventDashboard.Client.Internal;

/// <summary>
/// What one hub connection's node said last about its shared store: stale (it cannot follow it) or not. The hub's
/// <c>StaleChanged</c> push reports each change, and a <c>Subscribe</c> answer marked stale reports it too (a
/// connection opened while the node is stale gets no push).
/// </summary>
internal sealed class NodeStaleness
{
    private readonly Lock _lock = new();
    private readonly MemoryValue<bool> _reported = new();

    /// <summary>Gets the reports, changes only: a watcher wakes when the node's state flips, not on each repeat.</summary>
    public IValueWatch<bool> Reported => _reported;

    /// <summary>Records what the node said.</summary>
    /// <param name="stale">Whether it cannot follow its store now.</param>
    public void Report(bool stale)
    {
        // Under a lock: a push and a Subscribe answer may report at once, and a repeat must not wake the watcher.
        lock (_lock)
        {
            if (!_reported.TryGetValue(out var was) || was != stale)
            {
                _reported.Set(stale);
            }
        }
    }
}
