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
/// The epoch grows with every failed query and with every answer whose index is lower than the one before:
/// the server may have restarted, so the next snapshot of a value is taken even if its version is lower (see
/// <see cref="Subscription"/>). Without a server instance id this is a heuristic: a restart that no query
/// noticed, followed by a Set of this client, leaves the mirror on the old value until the poll reports.
/// </remarks>
internal sealed partial class HttpTransport : Transport
{
    // The index under which an answer after a failure is reported; see Fetcher.
    private const long UnknownIndex = -1;

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
                    var loop = Notify.RunAsync(Fetcher(subscription.Name), subscription.Name, _updates.Writer, cancellationToken: stop.Token);
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

    /// <summary>The blocking query of one value, as Core's <see cref="Notify"/> loop calls it.</summary>
    /// <remarks>
    /// Notify reports an answer only when its index differs from the last one, which would hide a restarted
    /// server whose version happens to be back at that index. So after a failed query the next one asks for
    /// the current value at once (index 0) and reports it under index -1, which always differs: Notify passes
    /// it on, and the query after it (again index 0, at once) puts the loop back on the real index.
    /// </remarks>
    private Func<long, CancellationToken, ValueTask<(ValueSnapshot? Value, long Index)>> Fetcher(string name)
    {
        var failed = false;
        return async (index, cancellationToken) =>
        {
            try
            {
                var resync = failed;
                var (snapshot, version) = await _api.PollAsync(name, resync ? 0 : Math.Max(index, 0), _wait, cancellationToken).ConfigureAwait(false);
                failed = false;
                return (snapshot, resync ? UnknownIndex : version);
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
            {
                failed = true;
                throw;
            }
        };
    }

    private async Task ApplyAsync()
    {
        // Each loop reports an index only when it changed; a lower one than before means the server lost its
        // state (it restarted), which is a new epoch even when no query failed in between.
        var lastIndex = new Dictionary<string, long>(StringComparer.Ordinal);
        await foreach (var update in _updates.Reader.ReadAllAsync(_stop.Token).ConfigureAwait(false))
        {
            if (update.Error is { } error)
            {
                Interlocked.Increment(ref _epoch);
                SetState(ConnectionState.Reconnecting);
                LogPollFailed(update.CorrelationId, error);
                continue;
            }

            if (lastIndex.TryGetValue(update.CorrelationId, out var last) && update.Index < last)
            {
                Interlocked.Increment(ref _epoch);
            }

            lastIndex[update.CorrelationId] = update.Index;
            SetState(ConnectionState.Connected);
            Subscriptions.Find(update.CorrelationId)?.Apply(update.Result, Volatile.Read(ref _epoch));
        }
    }
}
