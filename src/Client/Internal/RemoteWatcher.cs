using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text.Json;
using EventDashboard.Core;
using EventDashboard.Protocol;

namespace EventDashboard.Client.Internal;

/// <summary>
/// A watcher of a remote value: a watcher of the subscription's local mirror, whose snapshots it turns into
/// <typeparamref name="T"/>. Every guarantee (first Get = current, newer only, predicate, backlog-only,
/// cancellation, one Get at a time, dispose) is the mirror's own watcher's. The mirror's states that say the value
/// does not exist (never set, or deleted) are skipped, so a Get waits through them for the next Set.
/// </summary>
/// <remarks>
/// Nothing the client keeps refers to an idle watcher: the mirror references its inner watcher only while a Get
/// is parked there, and the client's <see cref="SubscriptionSet.Closing"/> token only while a Get is pending. So a
/// watcher dropped without Dispose is collected, and its finalizer gives back its local count; the last one gone
/// ends the server subscription as a Dispose would. A watcher dropped with a Get still pending stays alive (the
/// Get may yet complete) until that Get ends, at the latest when the client is disposed.
/// </remarks>
/// <typeparam name="T">The type of the value.</typeparam>
[DebuggerDisplay("{_subscription.Name}")]
internal sealed class RemoteWatcher<T> : IWatcher<T>
{
    private static readonly GetOptions<Mirrored> Existing = GetOptions<Mirrored>.Where(static m => m.Snapshot is not null);
    private static readonly GetOptions<Mirrored> ExistingBacklog = new() { BacklogOnly = true, Predicate = static m => m.Snapshot is not null };

    private readonly SubscriptionSet _subscriptions;
    private readonly Subscription _subscription;
    private readonly IWatcher<Mirrored> _inner;
    private readonly JsonSerializerOptions _json;

    // Completed by Dispose or by the client's disposal: ends a Get that waits for the server's first answer.
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _released;

    public RemoteWatcher(SubscriptionSet subscriptions, string name, JsonSerializerOptions json)
    {
        _subscriptions = subscriptions;
        _subscription = subscriptions.Acquire(name);
        _inner = _subscription.Mirror.Watch();
        _json = json;
    }

    // A watcher dropped without Dispose must not keep the server subscription forever. This runs on the
    // finalizer thread, so it only does what is safe there: Release takes a short lock and signals the transport
    // through a task whose continuations run asynchronously. It leaves _inner alone: that watcher has its own
    // finalizer (it may already have run).
    ~RemoteWatcher()
    {
        Release();
    }

    public ValueTask<T> GetAsync(CancellationToken cancellationToken = default) =>
        GetAsync(GetOptions<T>.Default, cancellationToken);

    // One state machine for the whole Get (the common case has no predicate), taken from a pool: a push to a parked
    // watcher otherwise allocates a state machine box per async layer (ClientReceiveBenchmarks).
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<T> GetAsync(GetOptions<T> options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);

        // The client's disposal ends this Get by closing the inner watcher, which fails a parked Get and every
        // later one with ObjectDisposedException. Registered for this Get only (see remarks); a client already
        // disposed runs Close at once, here.
        using var closing = _subscriptions.Closing.UnsafeRegister(static state => ((RemoteWatcher<T>)state!).Close(), this);
        try
        {
            if (_subscription.Known is { IsCompleted: false } known)
            {
                // Until the server answered the subscription the mirror may be empty, or stale from an earlier
                // subscription: neither "the current value" nor "nothing pending" can be told yet. Close ends
                // this wait too, and the inner Get then reports it.
                await Task.WhenAny(known, _closed.Task).WaitAsync(cancellationToken).ConfigureAwait(false);
            }

            // A state that says the value does not exist is consumed and skipped: like a value never set, a deleted
            // one makes Get wait for the next Set.
            if (options.Predicate is not { } predicate)
            {
                var mirrored = await _inner.GetAsync(options.BacklogOnly ? ExistingBacklog : Existing, cancellationToken).ConfigureAwait(false);
                return Convert(mirrored.Snapshot!);
            }

            return await GetMatchingAsync(options.BacklogOnly, predicate, cancellationToken).ConfigureAwait(false);
        }
        catch (ObjectDisposedException ex) when (_subscriptions.IsClosed)
        {
            throw new ObjectDisposedException($"The {nameof(EventDashboardClient)} of this watcher was disposed.", ex);
        }
    }

    public void Dispose()
    {
        Close();
        Release();
        GC.SuppressFinalize(this);
    }

    private async ValueTask<T> GetMatchingAsync(bool backlogOnly, Func<T, bool> predicate, CancellationToken cancellationToken)
    {
        // The predicate sees the converted value; keep the one that passed so it is not deserialized twice.
        // The inner watcher returns right after the predicate accepts, so the last conversion is the one returned.
        T accepted = default!;
        var inner = new GetOptions<Mirrored>
        {
            BacklogOnly = backlogOnly,
            Predicate = m =>
            {
                if (m.Snapshot is not { } snapshot)
                {
                    return false;
                }

                accepted = Convert(snapshot);
                return predicate(accepted);
            },
        };
        await _inner.GetAsync(inner, cancellationToken).ConfigureAwait(false);
        return accepted;
    }

    // Ends every wait of this watcher for good; idempotent. Does not give back the local count (Release does).
    private void Close()
    {
        _inner.Dispose();
        _closed.TrySetResult();
    }

    // Straight from the element's own UTF-8 text: JsonElement.Deserialize would first write the element out again.
    // A watcher of JsonElement gets the snapshot's element itself: it is immutable and owns its document, so every
    // watcher of the value can share it, and a value that is only looked into is never parsed twice.
    private T Convert(ValueSnapshot snapshot) =>
        typeof(T) == typeof(JsonElement)
            ? (T)(object)snapshot.Value
            : JsonSerializer.Deserialize<T>(JsonMarshal.GetRawUtf8Value(snapshot.Value), _json)!;

    private void Release()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            _subscriptions.Release(_subscription);
        }
    }
}
