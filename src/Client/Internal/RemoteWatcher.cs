using System.Diagnostics;
using System.Text.Json;
using EventDashboard.Core;

namespace EventDashboard.Client.Internal;

/// <summary>
/// A watcher of a remote value: a watcher of the subscription's local mirror, whose snapshots it turns into
/// <typeparamref name="T"/>. Every guarantee (first Get = current, newer only, predicate, backlog-only,
/// cancellation, one Get at a time, dispose) is the mirror's own watcher's.
/// </summary>
/// <typeparam name="T">The type of the value.</typeparam>
[DebuggerDisplay("{_subscription.Name}")]
internal sealed class RemoteWatcher<T> : IWatcher<T>
{
    private readonly SubscriptionSet _subscriptions;
    private readonly Subscription _subscription;
    private readonly IWatcher<Mirrored> _inner;
    private readonly JsonSerializerOptions _json;
    private readonly TaskCompletionSource _disposed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _released;

    public RemoteWatcher(SubscriptionSet subscriptions, string name, JsonSerializerOptions json)
    {
        _subscriptions = subscriptions;
        _subscription = subscriptions.Acquire(name);
        _inner = _subscription.Mirror.Watch();
        _json = json;
    }

    // A watcher dropped without Dispose must not keep the server subscription forever.
    ~RemoteWatcher()
    {
        Release();
    }

    public ValueTask<T> GetAsync(CancellationToken cancellationToken = default) =>
        GetAsync(GetOptions<T>.Default, cancellationToken);

    public async ValueTask<T> GetAsync(GetOptions<T> options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (_subscription.Known is { IsCompleted: false } known)
        {
            // Until the server answered the subscription the mirror may be empty, or stale from an earlier
            // subscription: neither "the current value" nor "nothing pending" can be told yet. Dispose ends
            // this wait too, and the inner Get then reports it.
            await Task.WhenAny(known, _disposed.Task).WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        if (options.Predicate is not { } predicate)
        {
            var mirrored = await _inner.GetAsync(options.BacklogOnly ? GetOptions<Mirrored>.Backlog : GetOptions<Mirrored>.Default, cancellationToken).ConfigureAwait(false);
            return Convert(mirrored);
        }

        // The predicate sees the converted value; keep the one that passed so it is not deserialized twice.
        // The inner watcher returns right after the predicate accepts, so the last conversion is the one returned.
        T accepted = default!;
        var inner = new GetOptions<Mirrored>
        {
            BacklogOnly = options.BacklogOnly,
            Predicate = m =>
            {
                accepted = Convert(m);
                return predicate(accepted);
            },
        };
        await _inner.GetAsync(inner, cancellationToken).ConfigureAwait(false);
        return accepted;
    }

    public void Dispose()
    {
        _inner.Dispose();
        _disposed.TrySetResult();
        Release();
        GC.SuppressFinalize(this);
    }

    private T Convert(Mirrored mirrored) => mirrored.Snapshot.Value.Deserialize<T>(_json)!;

    private void Release()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            _subscriptions.Release(_subscription);
        }
    }
}
