namespace EventDashboard.Core.Internal;

/// <summary>
/// The pointer from one buffer item to the next, and the signal that it was set. Items made by
/// <see cref="BufferItem{T}.FollowAfter"/> share their predecessor's link, so they see the same next item.
/// </summary>
/// <typeparam name="T">The type of the events.</typeparam>
internal sealed class BufferLink<T>
{
    private BufferItem<T>? _next;
    private TaskCompletionSource<BufferItem<T>>? _signal;

    public BufferItem<T>? Next => Volatile.Read(ref _next);

    public void Publish(BufferItem<T> item)
    {
        if (Interlocked.CompareExchange(ref _next, item, null) is not null)
        {
            throw new InvalidOperationException("This buffer item already has a next item; a buffer has a single writer.");
        }

        // The exchange above is a full fence, so this read cannot move before the store of _next. A reader does
        // the mirror image (store _signal, fence, read _next); one of the two always sees the other's store, so
        // a reader can never wait on a signal that nobody completes.
        Volatile.Read(ref _signal)?.TrySetResult(item);
    }

    public ValueTask<BufferItem<T>> WaitAsync(CancellationToken cancellationToken)
    {
        if (Next is { } next)
        {
            return ValueTask.FromResult(next);
        }

        var signal = Volatile.Read(ref _signal);
        if (signal is null)
        {
            var created = new TaskCompletionSource<BufferItem<T>>(TaskCreationOptions.RunContinuationsAsynchronously);
            signal = Interlocked.CompareExchange(ref _signal, created, null) ?? created;
        }

        if (Next is { } published)
        {
            return ValueTask.FromResult(published);
        }

        return new ValueTask<BufferItem<T>>(signal.Task.WaitAsync(cancellationToken));
    }
}
