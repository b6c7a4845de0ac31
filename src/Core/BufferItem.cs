using System.Diagnostics;
using System.Runtime.ExceptionServices;
using EventDashboard.Core.Internal;

namespace EventDashboard.Core;

/// <summary>
/// One item of an <see cref="EventBuffer{T}"/>: a batch of events, or a terminal error, and the link to the
/// next item. Readers walk items without locks; each reader's position is simply the item it holds.
/// </summary>
/// <typeparam name="T">The type of the events.</typeparam>
[DebuggerDisplay("Events = {Events?.Count}, Error = {Error?.Message}")]
public sealed class BufferItem<T>
{
    /// <summary>Initializes a new instance of the <see cref="BufferItem{T}"/> class.</summary>
    /// <param name="events">The events, or <see langword="null"/> for an empty item that readers skip.</param>
    public BufferItem(IReadOnlyList<T>? events)
        : this(events, null, new BufferLink<T>())
    {
    }

    internal BufferItem(IReadOnlyList<T>? events, Exception? error, BufferLink<T> link)
    {
        Events = events;
        Error = error;
        Link = link;
    }

    /// <summary>Gets the events of this item, or <see langword="null"/> for an empty item.</summary>
    public IReadOnlyList<T>? Events { get; }

    /// <summary>Gets the terminal error of the buffer, set on its last item only.</summary>
    public Exception? Error { get; }

    internal BufferLink<T> Link { get; }

    /// <summary>Waits for the next item that has events, skipping empty ones.</summary>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>A task whose result is the next item with at least one event.</returns>
    /// <exception cref="Exception">The buffer's terminal error, once the reader reaches it.</exception>
    public async ValueTask<BufferItem<T>> NextAsync(CancellationToken cancellationToken = default)
    {
        var item = this;
        while (true)
        {
            if (item.Error is { } error)
            {
                ExceptionDispatchInfo.Throw(error);
            }

            item = item.Link.Next ?? await item.Link.WaitAsync(cancellationToken).ConfigureAwait(false);
            if (item.Error is null && item.Events is { Count: > 0 })
            {
                return item;
            }
        }
    }

    /// <summary>Gets the next item if it exists, without waiting and without skipping empty items.</summary>
    /// <returns>The next item, or <see langword="null"/> when none was appended yet.</returns>
    public BufferItem<T>? NextNoBlock() => Link.Next;

    /// <summary>
    /// Gets an item whose next item is the one after this: the next item if it already exists, otherwise an
    /// empty item sharing this item's link. Splicing it onto another buffer makes that buffer's readers continue
    /// with exactly the events appended after this item.
    /// </summary>
    /// <returns>The item to splice.</returns>
    public BufferItem<T> FollowAfter() => Link.Next ?? new BufferItem<T>(null, null, Link);
}
