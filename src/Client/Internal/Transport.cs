using System.Text.Json;
using EventDashboard.Core;

namespace EventDashboard.Client.Internal;

/// <summary>
/// How the client reaches the server: it keeps the server subscriptions in line with a
/// <see cref="SubscriptionSet"/>, feeds their mirrors, and carries Sets and deletes.
/// </summary>
internal abstract class Transport : IAsyncDisposable
{
    private readonly Lock _stateLock = new();
    private readonly MemoryValue<ConnectionState> _state = new();
    private ConnectionState _current;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    protected Transport(SubscriptionSet subscriptions)
    {
        Subscriptions = subscriptions;
        _state.Set(ConnectionState.Connecting);
        subscriptions.Changed += () => Volatile.Read(ref _changed).TrySetResult();
    }

    public IValueWatch<ConnectionState> State => _state;

    /// <summary>Gets the state now, for a caller that must not wait (a health check).</summary>
    public ConnectionState Current
    {
        get
        {
            lock (_stateLock)
            {
                return _current;
            }
        }
    }

    protected SubscriptionSet Subscriptions { get; }

    /// <summary>Sets a value on the server.</summary>
    /// <param name="name">The value's name.</param>
    /// <param name="value">The JSON document.</param>
    /// <param name="expectedVersion">The version the value must have, or <see langword="null"/> to set it whatever it is.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>A task whose result is the new version and the epoch in which it was made.</returns>
    /// <exception cref="VersionConflictException">The value is not at <paramref name="expectedVersion"/>.</exception>
    public abstract ValueTask<(long Version, long Epoch)> SetAsync(string name, JsonElement value, long? expectedVersion, CancellationToken cancellationToken);

    /// <summary>Deletes a value on the server.</summary>
    /// <param name="name">The value's name.</param>
    /// <param name="expectedVersion">The version the value must have, or <see langword="null"/> to delete it whatever it is.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>
    /// A task whose result is the delete's version and the epoch in which it was made, or <see langword="null"/> when
    /// the value did not exist (never set, or already deleted).
    /// </returns>
    /// <exception cref="VersionConflictException">The value is not at <paramref name="expectedVersion"/>.</exception>
    public abstract ValueTask<(long Version, long Epoch)?> DeleteAsync(string name, long? expectedVersion, CancellationToken cancellationToken);

    public abstract ValueTask DisposeAsync();

    protected void SetState(ConnectionState state)
    {
        lock (_stateLock)
        {
            // Watchers of the connection see changes only, and nothing after Closed.
            if (_current != state && _current != ConnectionState.Closed)
            {
                _current = state;
                _state.Set(state);
            }
        }
    }

    /// <summary>
    /// Starts a new round of following the subscription set: the returned task completes on the next change
    /// after this call. Read the set only after calling this, so that no change can be missed.
    /// </summary>
    /// <returns>A task that completes when the set changes.</returns>
    protected Task NextChangeAsync()
    {
        var next = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _changed, next);
        return next.Task;
    }
}
