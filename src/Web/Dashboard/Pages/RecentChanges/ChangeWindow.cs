using System.Diagnostics;
using EventDashboard.Web.Values;

namespace EventDashboard.Web.Dashboard.Pages.RecentChanges;

/// <summary>
/// The newest Sets a page shows, at most <c>capacity</c> of them, filled by the log reader and read by the render
/// loop. A reader that outpaces the browser only overwrites the oldest entries: memory stays bounded whatever the
/// rate of Sets, and a render shows the newest ones.
/// </summary>
[DebuggerDisplay("Count = {_count}, Capacity = {_ring.Length}")]
internal sealed class ChangeWindow : IDisposable
{
    private readonly Lock _lock = new();
    private readonly SetRecord[] _ring;
    private readonly SemaphoreSlim _changed = new(0, 1);
    private int _next;
    private int _count;

    public ChangeWindow(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _ring = new SetRecord[capacity];
    }

    /// <summary>Adds the newest Set, dropping the oldest when full, and wakes the waiting reader.</summary>
    public void Add(SetRecord record)
    {
        lock (_lock)
        {
            _ring[_next] = record;
            _next = (_next + 1) % _ring.Length;
            _count = Math.Min(_count + 1, _ring.Length);

            // One wake-up however many Sets arrive before the reader looks again.
            if (_changed.CurrentCount == 0)
            {
                _changed.Release();
            }
        }
    }

    /// <summary>Waits until a Set was added since the last call.</summary>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>A task that completes when there is something new.</returns>
    public Task WaitAsync(CancellationToken cancellationToken) => _changed.WaitAsync(cancellationToken);

    /// <summary>Forgets that Sets were added: the caller has just shown a <see cref="Snapshot"/> of them.</summary>
    public void MarkSeen() => _changed.Wait(0);

    /// <summary>Gets the Sets held now, newest first.</summary>
    public SetRecord[] Snapshot()
    {
        lock (_lock)
        {
            var rows = new SetRecord[_count];
            for (var i = 0; i < _count; i++)
            {
                rows[i] = _ring[(_next - 1 - i + _ring.Length) % _ring.Length];
            }

            return rows;
        }
    }

    public void Dispose() => _changed.Dispose();
}
