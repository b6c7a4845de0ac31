using System.Diagnostics;

namespace EventDashboard.Core;

/// <summary>
/// An append-only chain of event batches with a single writer and any number of lock-free readers, after
/// Consul's streaming event buffer. Each reader holds its own position (a <see cref="BufferItem{T}"/>) and
/// waits with <see cref="BufferItem{T}.NextAsync"/>; the writer never waits for readers.
/// </summary>
/// <remarks>
/// The buffer keeps at most its capacity of items reachable from <see cref="Head"/>; older items live only as
/// long as a reader still holds them.
/// </remarks>
/// <typeparam name="T">The type of the events.</typeparam>
[DebuggerDisplay("Count = {Count}")]
public sealed class EventBuffer<T>
{
    private readonly int _capacity;
    private BufferItem<T> _head;
    private BufferItem<T> _tail;
    private int _count;

    /// <summary>Initializes a new instance of the <see cref="EventBuffer{T}"/> class that keeps every item from its head.</summary>
    public EventBuffer()
        : this(int.MaxValue)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="EventBuffer{T}"/> class.</summary>
    /// <param name="capacity">How many items the buffer keeps reachable from <see cref="Head"/>.</param>
    public EventBuffer(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
        _head = _tail = new BufferItem<T>(null);
    }

    /// <summary>
    /// Gets the oldest item the buffer keeps. A reader starting here sees every kept event; the first item
    /// is empty, so <see cref="BufferItem{T}.NextAsync"/> from it yields the first batch.
    /// </summary>
    public BufferItem<T> Head => Volatile.Read(ref _head);

    /// <summary>Gets the newest item. A reader starting here sees only events appended from now on.</summary>
    public BufferItem<T> Tail => Volatile.Read(ref _tail);

    /// <summary>Gets how many items the buffer keeps after its head.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Appends a batch of events. Only one thread may append at a time.</summary>
    /// <param name="events">The events.</param>
    public void Append(IReadOnlyList<T> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        AppendItem(new BufferItem<T>(events));
    }

    /// <summary>
    /// Appends an item, with whatever chain already follows it: splicing another buffer's items (for example
    /// a snapshot followed by <see cref="BufferItem{T}.FollowAfter"/> of a live buffer) onto this one.
    /// The item becomes this buffer's tail.
    /// </summary>
    /// <param name="item">The item to append.</param>
    public void AppendItem(BufferItem<T> item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var tail = _tail;
        if (tail.Error is not null)
        {
            throw new InvalidOperationException("The buffer ended with an error; nothing can follow it.");
        }

        tail.Link.Publish(item);
        Volatile.Write(ref _tail, item);
        if (++_count > _capacity)
        {
            var next = _head.NextNoBlock();
            Debug.Assert(next is not null);
            Volatile.Write(ref _head, next);
            _count--;
        }

        Volatile.Write(ref _count, _count);
    }

    /// <summary>Ends the buffer with an error that every reader receives once it reaches it.</summary>
    /// <param name="error">The error.</param>
    public void AppendError(Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        AppendItem(new BufferItem<T>(null, error, new Internal.BufferLink<T>()));
    }
}
