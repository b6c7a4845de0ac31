using System.Diagnostics.CodeAnalysis;
using EventDashboard.Core;
using EventDashboard.Protocol;
using EventDashboard.Web.Values;
using EventDashboard.Web.Values.Internal;

namespace EventDashboard.Web.Hubs.Internal;

/// <summary>
/// Delivers one value to one hub connection, newest only: a Core watcher of the value and one of its watcher
/// count, and a loop that sends what the watchers return and awaits each send before taking the next.
/// </summary>
/// <remarks>
/// While a send is in flight nothing is queued: Sets only replace the value the watcher will return next. So a
/// slow connection costs the server one pending send and two watchers per subscribed value, whatever the Set
/// rate, and it sees strictly increasing versions ending with the newest.
/// </remarks>
[SuppressMessage("Design", "CA1001", Justification = "StopAsync disposes the source once the loop, which may still cancel it, has ended.")]
internal sealed class Subscription
{
    // Not linked to the connection's token: the connection stops every subscription itself when it closes
    // (ConnectionSubscriptions.DisposeAsync), and a linked source costs a registration on every open connection.
    private readonly CancellationTokenSource _stop = new();

    private Subscription()
    {
    }

    /// <summary>Gets the delivery loop; it ends (without throwing) once the subscription is stopped.</summary>
    public Task Loop { get; private set; } = Task.CompletedTask;

    /// <summary>Starts delivering <paramref name="name"/> to <paramref name="connection"/>.</summary>
    /// <param name="connection">The connection to send to; it stops the subscription when it closes.</param>
    /// <param name="registry">The registry holding the value.</param>
    /// <param name="name">The value's name.</param>
    /// <param name="afterVersion">The version the client already has; only newer ones are pushed.</param>
    /// <returns>The running subscription.</returns>
    public static Subscription Start(ConnectionSubscriptions connection, ValueRegistry registry, string name, long afterVersion)
    {
        // The watchers are created here, not in the loop, so the watcher count includes this subscription as
        // soon as Subscribe returns.
        var values = registry.WatchStates(name, connection.Kind);
        var counts = registry.WatchWatcherCount(name);
        var subscription = new Subscription();
        subscription.Loop = subscription.RunAsync(connection, name, values, counts, afterVersion);
        return subscription;
    }

    /// <summary>Stops the delivery and waits for the loop to end, which disposes its watchers.</summary>
    /// <returns>A task that completes when the loop has ended.</returns>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Loop;
        _stop.Dispose();
    }

    private async Task RunAsync(ConnectionSubscriptions connection, string name, SnapshotWatcher values, IWatcher<WatchersChange> counts, long afterVersion)
    {
        // Keeps the loop off the caller's (the hub method's) stack.
        await Task.Yield();

        var cancellationToken = _stop.Token;
        using (values)
        using (counts)
        {
            try
            {
                var nextValue = values.GetStateAsync(GetOptions<ValueState>.Where(s => s.Version > afterVersion), cancellationToken).AsTask();
                var nextCount = counts.GetAsync(cancellationToken).AsTask();
                while (true)
                {
                    await Task.WhenAny(nextValue, nextCount);

                    // One send at a time per subscription: the next Get starts only after the send completed,
                    // so versions that arrive meanwhile replace each other inside the watcher.
                    if (nextValue.IsCompleted)
                    {
                        var state = await nextValue;
                        connection.Metrics.CountSkipped(afterVersion, state.Version, "hub");
                        afterVersion = state.Version;
                        await connection.SendAsync(connection.Messages.ValueChanged(state, values), cancellationToken);
                        nextValue = values.GetStateAsync(GetOptions<ValueState>.Default, cancellationToken).AsTask();
                    }

                    if (nextCount.IsCompleted)
                    {
                        await connection.SendAsync(connection.Messages.WatchersChanged(await nextCount), cancellationToken);
                        nextCount = counts.GetAsync(cancellationToken).AsTask();
                    }
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Unsubscribed or disconnected.
            }
            catch (Exception ex)
            {
                connection.OnDeliveryFailed(name, ex);

                // Ends whichever Get is still pending before the watchers are disposed, so that it ends as
                // cancelled instead of faulting unobserved. StopAsync disposes the source only after the loop ended.
                await _stop.CancelAsync();
            }
        }
    }
}
