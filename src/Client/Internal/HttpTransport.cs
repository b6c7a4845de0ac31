using System.Text.Json;
using System.Threading.Channels;
using EventDashboard.Core;
using Microsoft.Extensions.Logging;

namespace EventDashboard.Client.Internal;

/// <summary>
/// The transport without WebSockets: each watched value is a blocking query kept running by Core's
/// <see cref="Notify"/> loop (with its backoff), and Sets are <c>PUT</c>s.
/// </summary>
/// <remarks>
/// The epoch grows with every failed query: after a failure the server may have restarted, so the next
/// snapshot of a value is taken even if its version is lower (see <see cref="Subscription"/>).
/// </remarks>
internal sealed partial class HttpTransport : Transport
{
    private readonly ValuesApi _api;
    private readonly TimeSpan _wait;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly Channel<UpdateEvent<ValueSnapshot?>> _updates = Channel.CreateUnbounded<UpdateEvent<ValueSnapshot?>>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Dictionary<Subscription, (CancellationTokenSource Stop, Task Loop)> _polls = [];
    private readonly Task _following;
    private readonly Task _applying;
    private long _epoch = 1;

    public HttpTransport(SubscriptionSet subscriptions, ValuesApi api, TimeSpan wait, ILogger logger)
        : base(subscriptions)
    {
        _api = api;
        _wait = wait;
        _logger = logger;
        _following = FollowAsync();
        _applying = ApplyAsync();
    }

    public override async ValueTask<(long Version, long Epoch)> SetAsync(string name, JsonElement value, long? expectedVersion, CancellationToken cancellationToken)
    {
        var epoch = Volatile.Read(ref _epoch);
        var snapshot = await _api.PutAsync(name, value, expectedVersion, cancellationToken).ConfigureAwait(false);
        SetState(ConnectionState.Connected);

        // The answer is the server's own snapshot: a watcher of this client sees it at once (read-your-writes).
        Subscriptions.Find(name)?.Apply(snapshot, epoch);
        return (snapshot.Version, epoch);
    }

    public override async ValueTask DisposeAsync()
    {
        if (_stop.IsCancellationRequested)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_following, _applying).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await Task.WhenAll(_polls.Values.Select(p => p.Loop)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        foreach (var (stop, _) in _polls.Values)
        {
            stop.Dispose();
        }

        _stop.Dispose();
        SetState(ConnectionState.Closed);
    }

    // Starts a poll loop for each watched value and stops the loops of values nobody watches any more.
    private async Task FollowAsync()
    {
        await Task.Yield();
        var stopped = Task.Delay(Timeout.Infinite, _stop.Token);
        while (!_stop.IsCancellationRequested)
        {
            var changed = NextChangeAsync();
            foreach (var (subscription, watched) in Subscriptions.ToArray())
            {
                var polling = _polls.TryGetValue(subscription, out var poll);
                if (watched && !polling)
                {
                    var stop = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
                    var name = subscription.Name;
                    var loop = Notify.RunAsync<ValueSnapshot?>(
                        async (index, ct) => await _api.PollAsync(name, index, _wait, ct).ConfigureAwait(false),
                        name,
                        _updates.Writer,
                        cancellationToken: stop.Token);
                    _polls.Add(subscription, (stop, loop));
                }
                else if (!watched)
                {
                    if (polling)
                    {
                        subscription.Forget();
                        await poll.Stop.CancelAsync().ConfigureAwait(false);
                        await poll.Loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                        poll.Stop.Dispose();
                        _polls.Remove(subscription);
                    }

                    Subscriptions.TryRemove(subscription);
                }
            }

            await Task.WhenAny(changed, stopped).ConfigureAwait(false);
        }
    }

    private async Task ApplyAsync()
    {
        await foreach (var update in _updates.Reader.ReadAllAsync(_stop.Token).ConfigureAwait(false))
        {
            if (update.Error is { } error)
            {
                Interlocked.Increment(ref _epoch);
                SetState(ConnectionState.Reconnecting);
                LogPollFailed(update.CorrelationId, error);
                continue;
            }

            SetState(ConnectionState.Connected);
            Subscriptions.Find(update.CorrelationId)?.Apply(update.Result, Volatile.Read(ref _epoch));
        }
    }
}
