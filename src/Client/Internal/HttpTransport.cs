using System.Diagnostics;
using System.Text.Json;
using System.Threading.Channels;
using EventDashboard.Core;
using Microsoft.Extensions.Logging;

namespace EventDashboard.Client.Internal;

/// <summary>
/// The transport without WebSockets: each watched value is a blocking query kept running by Core's
/// <see cref="Notify"/> loop (with its backoff), and Sets and deletes are <c>PUT</c>s and <c>DELETE</c>s.
/// </summary>
/// <remarks>
/// <para>Every answer carries the store id, which decides what the mirror takes (see <see cref="Subscription"/>).
/// The epoch still orders the answers of a Set or delete against those of the queries: it grows with every failed
/// query and whenever a query reaches another store than the one before, so that the answer of a write that an
/// old server gave, still in flight, is dropped rather than replace the new store's state.</para>
/// <para>With failover URLs the queries go to the current node (<see cref="ServerAddresses.Current"/>). A failed
/// query moves the client to the next node, as a lost hub link does; an answer marked stale (<c>X-Stale</c>) makes it
/// ask the other nodes whether they are ready and move to one that is (<see cref="StaleNodeSwitch"/>). On a move, the
/// queries still held by the node left are ended and asked again on the new one: all nodes serve one store, so its
/// versions carry on there.</para>
/// <para>A server without store ids gets the heuristic from before them: an answer whose index is lower than the
/// one before also starts an epoch, since the server may have restarted; a restart that no query noticed, followed
/// by a Set of this client, then leaves the mirror on the old value until the poll reports.</para>
/// </remarks>
internal sealed partial class HttpTransport : Transport
{
    private readonly ValuesApi _api;
    private readonly ServerAddresses _servers;
    private readonly StaleNodeSwitch _switch;
    private readonly TimeSpan _wait;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly Channel<UpdateEvent<RemoteState>> _updates = Channel.CreateUnbounded<UpdateEvent<RemoteState>>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Dictionary<Subscription, (CancellationTokenSource Stop, Task Loop)> _polls = [];
    private readonly Task _following;
    private readonly Task _applying;
    private long _epoch = 1;

    // Cancelled (and replaced) when the client moves off a stale node, to end the queries that node holds. An old one
    // is never disposed: a query may be linking to it just then, and one without a timer holds nothing to release.
    private CancellationTokenSource _moved = new();

    // 1 while a stale answer's check of the other nodes runs: one check at a time, however many queries report.
    private int _leaving;
    private Task _leave = Task.CompletedTask;

    public HttpTransport(SubscriptionSet subscriptions, ValuesApi api, ServerAddresses servers, StaleNodeSwitch nodeSwitch, TimeSpan wait, ILogger logger)
        : base(subscriptions)
    {
        _api = api;
        _servers = servers;
        _switch = nodeSwitch;
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
        Subscriptions.Find(name)?.Apply(RemoteState.Of(snapshot), epoch);
        return (snapshot.Version, epoch);
    }

    public override async ValueTask<(long Version, long Epoch)?> DeleteAsync(string name, long? expectedVersion, CancellationToken cancellationToken)
    {
        var epoch = Volatile.Read(ref _epoch);
        var deletion = await _api.DeleteAsync(name, expectedVersion, cancellationToken).ConfigureAwait(false);
        SetState(ConnectionState.Connected);
        if (deletion is null)
        {
            return null;
        }

        Subscriptions.Find(name)?.Apply(RemoteState.Of(deletion), epoch);
        return (deletion.Version, epoch);
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
        await Volatile.Read(ref _leave).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
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
    /// After a failed query the next one asks for the current state at once (index 0): a server that restarted
    /// meanwhile may be below the last index (an in-memory store, a wiped data folder), and a query at that index
    /// would wait for versions it has not reached. Notify reports the first answer after errors even at an unchanged
    /// index, so a restarted server back at the same version is seen too. The same holds after a move to another node.
    /// </remarks>
    private Func<long, CancellationToken, ValueTask<(RemoteState Value, long Index)>> Fetcher(string name)
    {
        var failed = false;
        return async (index, cancellationToken) =>
        {
            var server = _servers.Current;
            using var query = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, Volatile.Read(ref _moved).Token);
            try
            {
                var answer = await _api.PollAsync(server, name, failed ? 0 : index, _wait, query.Token).ConfigureAwait(false);
                failed = false;
                if (answer.State.Stale && _switch.HasOtherNodes && Interlocked.Exchange(ref _leaving, 1) == 0)
                {
                    Volatile.Write(ref _leave, LeaveStaleNodeAsync(server));
                }

                return answer;
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
            {
                // The node failed the query, or the client moved off it meanwhile (then this does not move again).
                failed = true;
                _servers.MoveFrom(server);
                throw;
            }
        };
    }

    // A query found its node stale (the caller holds _leaving): ask the other nodes, and after a move end the queries
    // the stale node still holds, so they ask the new node at once instead of when their wait ends. While no node is
    // ready, the next stale answer (one per wait of each query) asks again.
    private async Task LeaveStaleNodeAsync(Uri server)
    {
        Debug.Assert(Volatile.Read(ref _leaving) == 1, "One check at a time.");
        await Task.Yield();
        try
        {
            if (await _switch.TryLeaveAsync(server, _stop.Token).ConfigureAwait(false))
            {
                await Interlocked.Exchange(ref _moved, new CancellationTokenSource()).CancelAsync().ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
        finally
        {
            Volatile.Write(ref _leaving, 0);
        }
    }

    private async Task ApplyAsync()
    {
        // Read and written by this loop only.
        string? storeId = null;
        var lastIndex = new Dictionary<string, long>(StringComparer.Ordinal);
        await foreach (var update in _updates.Reader.ReadAllAsync(_stop.Token).ConfigureAwait(false))
        {
            if (update.Error is { } error)
            {
                Interlocked.Increment(ref _epoch);
                SetState(error is HttpRequestException { StatusCode: System.Net.HttpStatusCode.Unauthorized or System.Net.HttpStatusCode.Forbidden }
                    ? ConnectionState.Refused
                    : ConnectionState.Reconnecting);
                LogPollFailed(update.CorrelationId, error);
                continue;
            }

            var state = update.Result;
            if (state.StoreId is { } answeredBy)
            {
                if (storeId is not null && storeId != answeredBy)
                {
                    Interlocked.Increment(ref _epoch);
                }

                storeId = answeredBy;
            }
            else if (lastIndex.TryGetValue(update.CorrelationId, out var last) && update.Index < last)
            {
                // Without a store id, a lower index than before is all that tells a restarted server.
                Interlocked.Increment(ref _epoch);
            }

            lastIndex[update.CorrelationId] = update.Index;
            SetState(ConnectionState.Connected);
            Subscriptions.Find(update.CorrelationId)?.Apply(state, Volatile.Read(ref _epoch));
        }
    }
}
