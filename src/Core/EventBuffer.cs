using System.Diagnostics;

namespace EventDashboard.Core;

/// <summary>
/// An append-only chain of event batches with a single writer and any number of lock-free readers, after
/// Consul's streaming event buffer. Each reader holds its own position (a <see cref="BufferItem{T}"/>) and
/// waits with <see cref="BufferItem{T}.NextAsync"/>; the writer never waits for readers.
/// </summary>
/// <remarks>
/// <para>
/// As in Consul, <see cref="Head"/> is the newest item: a reader that starts there sees only what is appended
/// after it. A buffer made with <see cref="EventBuffer{T}()"/> references nothing but its head, so an older item
/// lives only as long as a reader still holds it (or an item before it); without readers, old items are garbage.
/// </para>
/// <para>
/// A buffer made with <see cref="EventBuffer{T}(int)"/> also retains a window of the most recent items, reachable
/// from <see cref="Oldest"/>, for readers that resume from a position they no longer hold; one made with
/// <see cref="EventBuffer{T}(int, long, Func{IReadOnlyList{T}, long})"/> bounds that window by weight too.
/// </para>
/// </remarks>
/// <typeparam name="T">The type of the events.</typeparam>
[DebuggerDisplay("Count = {Count}")]
public sealed class EventBuffer<T>
{
    // 0 when the buffer retains nothing; then _oldest stays null, so the buffer references no item but its head.
    private readonly int _retainedItems;

    // With a size budget: what each retained item weighs, oldest first, and their sum. Writer only.
    private readonly long _retainedSize = long.MaxValue;
    private readonly Func<IReadOnlyList<T>, long>? _sizeOf;
    private readonly Queue<long>? _sizes;
    private long _size;

    // These fields are written by the single writer only, without a lock, and read by readers with Volatile.Read:
    // a reader needs a consistent item, not a consistent pair of fields, because its position is the item itself.
    private BufferItem<T> _head;
    private BufferItem<T>? _oldest;
    private int _count;

    /// <summary>
    /// Initializes a new instance of the <see cref="EventBuffer{T}"/> class that retains nothing: it references
    /// only its newest item (<see cref="Head"/>), so older items are collectable once no reader holds them.
    /// </summary>
    public EventBuffer()
    {
        // The first head is empty, so a reader that takes it before the first append gets the first batch from
        // NextAsync, and readers skip it.
        _head = new BufferItem<T>(null);
    }

    /// <summary>
    /// Initializes a new instance of the <see cref="EventBuffer{T}"/> class that retains the
    /// <paramref name="retainedItems"/> most recent items, reachable from <see cref="Oldest"/>, for readers that
    /// resume. Items older than that are collectable once no reader holds them.
    /// </summary>
    /// <param name="retainedItems">How many of the most recent items the buffer retains; at least 1.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="retainedItems"/> is less than 1.</exception>
    public EventBuffer(int retainedItems)
        : this()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(retainedItems, 1);
        _retainedItems = retainedItems;
        _oldest = _head;
    }

    /// <summary>
    /// Initializes a new instance of the <see cref="EventBuffer{T}"/> class that retains at most the
    /// <paramref name="retainedItems"/> most recent items, and fewer when together they weigh more than
    /// <paramref name="retainedSize"/> by <paramref name="sizeOf"/> (oldest evicted first; the newest item is always
    /// retained, whatever it weighs). A memory budget: for events that carry large payloads.
    /// </summary>
    /// <param name="retainedItems">How many of the most recent items the buffer retains at most; at least 1.</param>
    /// <param name="retainedSize">The most the retained items may weigh together; at least 1.</param>
    /// <param name="sizeOf">The weight of an item's events, such as their payload bytes; called once per append.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="retainedItems"/> or <paramref name="retainedSize"/> is less than 1.</exception>
    public EventBuffer(int retainedItems, long retainedSize, Func<IReadOnlyList<T>, long> sizeOf)
        : this(retainedItems)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(retainedSize, 1);
        ArgumentNullException.ThrowIfNull(sizeOf);
        _retainedSize = retainedSize;
        _sizeOf = sizeOf;
        _sizes = new Queue<long>();
    }

    /// <summary>
    /// Gets the newest item. A reader starting here sees only the events appended after it. The item may have no
    /// events itself (the first head is empty), which readers skip.
    /// </summary>
    public BufferItem<T> Head => Volatile.Read(ref _head);

    /// <summary>
    /// Gets the item just before the oldest retained item, so that <see cref="BufferItem{T}.NextAsync"/> from it
    /// yields the oldest retained batch and a reader starting here sees every retained event. Its own events are
    /// not part of the window (the first one is empty). For a buffer without retention it is <see cref="Head"/>.
    /// </summary>
    public BufferItem<T> Oldest => Volatile.Read(ref _oldest) ?? Head;

    /// <summary>
    /// Gets how many items the buffer retains after <see cref="Oldest"/>: at most the number it was made to
    /// retain, and 0 for a buffer without retention.
    /// </summary>
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
    /// The item becomes this buffer's <see cref="Head"/>. Only one thread may append at a time.
    /// </summary>
    /// <param name="item">The item to append.</param>
    public void AppendItem(BufferItem<T> item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var head = _head;
        if (head.Error is not null)
        {
            throw new InvalidOperationException("The buffer ended with an error; nothing can follow it.");
        }

        // Linked first, made the head second: every item a reader can take from the buffer is then already
        // reachable from every older item, so a reader that started earlier never misses what one starting at
        // the new head sees after it.
        head.Link.Publish(item);
        Volatile.Write(ref _head, item);
        if (_retainedItems == 0)
        {
            Debug.Assert(_oldest is null && _count == 0);
            return;
        }

        var count = _count + 1;
        if (_sizes is not null)
        {
            var size = item.Events is { } events ? _sizeOf!(events) : 0;
            _sizes.Enqueue(size);
            _size += size;
        }

        while (count > _retainedItems || (count > 1 && _size > _retainedSize))
        {
            // Dropping the buffer's reference is all eviction takes: readers still holding older items keep them.
            var next = _oldest!.NextNoBlock();
            Debug.Assert(next is not null);
            Volatile.Write(ref _oldest, next);
            count--;
            if (_sizes is not null)
            {
                _size -= _sizes.Dequeue();
            }
        }

        Debug.Assert(count <= _retainedItems && (_sizes is null || _sizes.Count == count));
        Volatile.Write(ref _count, count);
    }

    /// <summary>Ends the buffer with an error that every reader receives once it reaches it.</summary>
    /// <param name="error">The error.</param>
    public void AppendError(Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        AppendItem(new BufferItem<T>(null, error, new Internal.BufferLink<T>()));
    }
}
