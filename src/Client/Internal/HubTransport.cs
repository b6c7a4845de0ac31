using System.Diagnostics;
using System.Text.Json;
using EventDashboard.Protocol;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Http.Connections.Client;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EventDashboard.Client.Internal;

/// <summary>
/// The SignalR transport: one hub connection at a time to <c>/hubs/values</c>, over the transports and protocol the
/// options name, remade with backoff whenever it is lost, forever, until disposed. Each connection is an epoch; its
/// handlers tag every push (a new version, or a delete) with it.
/// </summary>
/// <remarks>
/// <para>A single loop owns the connection and the server-side subscriptions: it alone sends Subscribe and
/// Unsubscribe, so for any one name they reach the server in the order the loop decided them, and after a
/// reconnect it simply subscribes every watched name again (the new connection starts with none).</para>
/// <para>Stateful reconnect is on: when a WebSocket drops while the server is still there, the SignalR client
/// reconnects it underneath the same hub connection, and the server sends again what the client had not
/// acknowledged. That is not a new epoch: the connection, its subscriptions and the order of its messages go on, and
/// nothing here sees it. Only a connection that closes (a server that stopped, a link down for longer than the
/// server keeps it, or a transport without stateful reconnect) starts a new one.</para>
/// </remarks>
internal sealed partial class HubTransport : Transport
{
    private readonly ServerAddresses _servers;
    private readonly StaleNodeSwitch _switch;
    private readonly EventDashboardClientOptions _options;
    private readonly ValuesApi _api;
    private readonly TimeSpan _maxDelay;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _running;
    private Link? _link;

    public HubTransport(SubscriptionSet subscriptions, ServerAddresses servers, StaleNodeSwitch nodeSwitch, EventDashboardClientOptions options, ValuesApi api, ILogger logger)
        : base(subscriptions)
    {
        _servers = servers;
        _switch = nodeSwitch;
        _options = options;
        _api = api;
        _maxDelay = options.MaxReconnectDelay;
        _logger = logger;
        _running = RunAsync();
    }

    public override async ValueTask<(long Version, long Epoch)> SetAsync(string name, JsonElement value, long? expectedVersion, CancellationToken cancellationToken)
    {
        try
        {
            return await InvokeWriteAsync(c => c.InvokeAsync<long>("Set", name, value, expectedVersion, cancellationToken), cancellationToken).ConfigureAwait(false);
        }
        catch (HubException ex)
        {
            // A hub error carries only a message. For a compare-and-set, ask for the value as it is now: if
            // it is not at the expected version, that was the reason, and the caller gets it as a typed conflict.
            if (expectedVersion is { } expected)
            {
                var current = (await _api.GetAsync(name, cancellationToken).ConfigureAwait(false)).Snapshot;
                if ((current?.Version ?? 0) != expected)
                {
                    throw new VersionConflictException(expected, current, ex);
                }
            }

            // Either the hub refused the Set (its message says why) or the server closed the connection
            // before answering, which it does to a message over its size limit; the client library reports
            // both as a HubException and cannot tell them apart, so neither can this message.
            throw new InvalidOperationException($"The Set of '{name}' failed: {ex.Message}", ex);
        }
    }

    public override async ValueTask<(long Version, long Epoch)?> DeleteAsync(string name, long? expectedVersion, CancellationToken cancellationToken)
    {
        try
        {
            return await InvokeWriteAsync(c => c.InvokeAsync<long>("Delete", name, expectedVersion, cancellationToken), cancellationToken).ConfigureAwait(false);
        }
        catch (HubException ex)
        {
            // As for a Set, the value as it is now tells the reason: gone (never set or already deleted, which the
            // server checks first), or at another version than expected.
            var current = (await _api.GetAsync(name, cancellationToken).ConfigureAwait(false)).Snapshot;
            if (current is null)
            {
                return null;
            }

            if (expectedVersion is { } expected && current.Version != expected)
            {
                throw new VersionConflictException(expected, current, ex);
            }

            throw new InvalidOperationException($"The delete of '{name}' failed: {ex.Message}", ex);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        if (_stop.IsCancellationRequested)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        await _running.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
        SetState(ConnectionState.Closed);
    }

    private async Task RunAsync()
    {
        await Task.Yield();
        var stopped = Task.Delay(Timeout.Infinite, _stop.Token);
        long epoch = 0;
        var failures = 0;
        while (!_stop.IsCancellationRequested)
        {
            epoch++;
            var server = _servers.Current;
            var hubUri = new Uri(server, EventDashboardClient.HubPath);
            var stale = new NodeStaleness();
            var connection = Build(epoch, hubUri, stale);
            var closed = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
            connection.Closed += error =>
            {
                closed.TrySetResult(error);
                return Task.CompletedTask;
            };

            try
            {
                await connection.StartAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (!_stop.IsCancellationRequested)
            {
                await connection.DisposeAsync().ConfigureAwait(false);

                // With failover URLs, the next attempt goes to the next node; the backoff still grows per failure,
                // so a client whose every node is down does not spin.
                _servers.MoveFrom(server);
                var delay = ReconnectBackoff.Delay(++failures, _maxDelay, Random.Shared.NextDouble());
                if (IsRefusal(ex))
                {
                    // Retrying soon cannot help a refused key; the state says why nothing connects.
                    delay = _maxDelay;
                    SetState(ConnectionState.Refused);
                }

                LogConnectFailed(hubUri, failures, delay, ex);
                await Task.WhenAny(Task.Delay(delay, _stop.Token), stopped).ConfigureAwait(false);
                continue;
            }
            catch (OperationCanceledException)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
                break;
            }

            failures = 0;
            var link = new Link(connection, epoch, hubUri, stale);
            Volatile.Write(ref _link, link);
            LogConnected(hubUri, epoch);
            SetState(ConnectionState.Connected);
            using var linkEnded = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            var leaving = _switch.HasOtherNodes ? LeaveWhenStaleAsync(link, server, linkEnded.Token) : Task.CompletedTask;
            try
            {
                await FollowAsync(link, closed.Task, stopped).ConfigureAwait(false);
            }
            finally
            {
                await linkEnded.CancelAsync().ConfigureAwait(false);
                await leaving.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                Volatile.Write(ref _link, null);
                if (!_stop.IsCancellationRequested)
                {
                    SetState(ConnectionState.Reconnecting);
                    LogConnectionLost(hubUri, closed.Task.IsCompleted ? closed.Task.Result : null);

                    // The node went away (or the link to it): try the next one first. All nodes of a cluster serve
                    // the same store, so the subscriptions resume there as after a reconnect to the same node.
                    _servers.MoveFrom(server);
                }

                await connection.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    // While the node says it cannot follow its store, looks for a ready node; after a move, ends this link, and the
    // next one goes to the node moved to (the lost link's MoveFrom then moves no further, the address having changed).
    private async Task LeaveWhenStaleAsync(Link link, Uri server, CancellationToken linkEnded)
    {
        await _switch.LeaveWhileStaleAsync(server, link.Stale.Reported, linkEnded).ConfigureAwait(false);
        link.MarkStopping();
        await link.Connection.StopAsync(CancellationToken.None).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private HubConnection Build(long epoch, Uri hubUri, NodeStaleness stale)
    {
        var builder = new HubConnectionBuilder()
            .WithUrl(hubUri, HttpTransports(_options.Transport), Configure)
            .WithStatefulReconnect();
        if (_options.Protocol == ClientProtocol.MessagePack)
        {
            builder.AddMessagePackProtocol(messagePack => messagePack.SerializerOptions = MessagePackWire.SerializerOptions);
        }

        if (_options.LoggerFactory is { } loggerFactory)
        {
            builder.Services.AddSingleton(loggerFactory);
        }

        var connection = builder.Build();
        connection.On<ValueSnapshot>("ValueChanged", snapshot => Push(snapshot.Name, RemoteState.Of(snapshot), epoch));
        connection.On<ValueDeletion>("ValueDeleted", deletion => Push(deletion.Name, RemoteState.Of(deletion), epoch));

        // Watcher counts are for dashboards; a handler keeps the connection from logging each push as unknown.
        connection.On<WatchersChange>("WatchersChanged", static _ => { });

        // The node lost its shared store (true), or follows it again (false).
        connection.On<bool>("StaleChanged", stale.Report);
        return connection;
    }

    // A push, on the connection's dispatch loop: a local Get parked for it resumes here rather than after a thread-pool
    // hop, as a plain HubConnection handler would run (Subscription.ApplyPush). While it runs, the thread is marked,
    // so that a write the woken code makes does not wait for a push that only this loop can deliver.
    private void Push(string name, RemoteState state, long epoch)
    {
        if (Subscriptions.Find(name) is { } subscription)
        {
            using var dispatching = Subscriptions.Dispatch();
            subscription.ApplyPush(state, epoch);
        }
    }

    private static HttpTransportType HttpTransports(ClientTransport transport) =>
        (transport.HasFlag(ClientTransport.WebSockets) ? HttpTransportType.WebSockets : HttpTransportType.None)
        | (transport.HasFlag(ClientTransport.ServerSentEvents) ? HttpTransportType.ServerSentEvents : HttpTransportType.None)
        | (transport.HasFlag(ClientTransport.LongPolling) ? HttpTransportType.LongPolling : HttpTransportType.None);

    private void Configure(HttpConnectionOptions http)
    {
        foreach (var (name, value) in _options.Headers)
        {
            http.Headers[name] = value;
        }

        // The standard way on every transport: an Authorization bearer header on each request (WebSockets included).
        if (_options.AccessKey is { } accessKey)
        {
            http.AccessTokenProvider = () => Task.FromResult<string?>(accessKey);
        }
    }

    // Keeps the server subscriptions of this connection in line with the subscription set until the
    // connection is lost or the transport stops.
    private async Task FollowAsync(Link link, Task closed, Task stopped)
    {
        var subscribed = new HashSet<Subscription>();
        while (!closed.IsCompleted && !_stop.IsCancellationRequested)
        {
            var changed = NextChangeAsync();
            try
            {
                await ReconcileAsync(link, subscribed).ConfigureAwait(false);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // Usually the connection went away mid-way (an invocation can fail just before Closed is
                // raised). Whatever it was, the subscriptions of this connection are now unknown: end it, and
                // the next connection subscribes everything again.
                LogFollowFailed(link.HubUri, ex);
                link.MarkStopping();
                await link.Connection.StopAsync(CancellationToken.None).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                return;
            }

            await Task.WhenAny(changed, closed, stopped).ConfigureAwait(false);
        }
    }

    private async Task ReconcileAsync(Link link, HashSet<Subscription> subscribed)
    {
        // Every call of one round is sent before the first answer is awaited: the server handles one
        // connection's invocations in order, and a resubscription of many names costs one round trip.
        var subscribes = new List<(Subscription Subscription, long Read, Task<ValueSnapshot?> Call)>();
        var unsubscribes = new List<(Subscription Subscription, Task Call)>();
        foreach (var (subscription, watched) in Subscriptions.ToArray())
        {
            if (watched && subscribed.Add(subscription))
            {
                var read = subscription.BeginRead(link.Epoch);
                subscribes.Add((subscription, read, link.Connection.InvokeAsync<ValueSnapshot?>("Subscribe", subscription.Name, _stop.Token)));
            }
            else if (!watched)
            {
                if (subscribed.Remove(subscription))
                {
                    subscription.Forget();
                    unsubscribes.Add((subscription, link.Connection.InvokeAsync("Unsubscribe", subscription.Name, _stop.Token)));
                }
                else
                {
                    Subscriptions.TryRemove(subscription);
                }
            }
        }

        foreach (var (subscription, read, call) in subscribes)
        {
            try
            {
                // Null: the value does not exist now (never set, or deleted), at a version the answer does not say.
                var snapshot = await call.ConfigureAwait(false);
                if (snapshot is { Stale: true })
                {
                    link.Stale.Report(true);
                }

                subscription.ApplyAnswer(snapshot is null ? null : RemoteState.Of(snapshot), link.Epoch, read);
            }
            catch (HubException ex)
            {
                // Left marked as subscribed so that one bad name cannot make the loop spin; its watchers wait.
                LogSubscriptionFailed("Subscribe", subscription.Name, ex);
            }
        }

        foreach (var (subscription, call) in unsubscribes)
        {
            try
            {
                await call.ConfigureAwait(false);
            }
            catch (HubException ex)
            {
                LogSubscriptionFailed("Unsubscribe", subscription.Name, ex);
            }

            // Watched again meanwhile: it stays, and the next round subscribes it again.
            Subscriptions.TryRemove(subscription);
        }
    }

    // Invokes a write on the current link and returns its answer with the link's epoch.
    private async ValueTask<(long Version, long Epoch)> InvokeWriteAsync(Func<HubConnection, Task<long>> invoke, CancellationToken cancellationToken)
    {
        long lostEpoch = 0;
        while (true)
        {
            var link = await WaitForLinkAsync(lostEpoch, cancellationToken).ConfigureAwait(false);
            try
            {
                return (await invoke(link.Connection).ConfigureAwait(false), link.Epoch);
            }
            catch (InvalidOperationException) when (link.IsEnding)
            {
                // The connection was lost between our reading the link and the invocation. A hub connection
                // that is no longer active refuses an invocation before writing a byte of it, so the server
                // never saw this write: sending it again on the next connection cannot apply it twice.
                lostEpoch = link.Epoch;
            }
        }
    }

    // Waits for a link newer than the given epoch (0 for any).
    private async ValueTask<Link> WaitForLinkAsync(long afterEpoch, CancellationToken cancellationToken)
    {
        // The first Get returns the current state, each later one only a change: no spinning while the
        // state still says Connected but the link is already gone.
        using var watcher = State.Watch();
        while (true)
        {
            if (Volatile.Read(ref _link) is { } link && link.Epoch > afterEpoch)
            {
                return link;
            }

            var state = await watcher.GetAsync(cancellationToken).ConfigureAwait(false);
            ObjectDisposedException.ThrowIf(state == ConnectionState.Closed, this);
        }
    }

    [DebuggerDisplay("Epoch = {Epoch}")]
    private sealed class Link(HubConnection connection, long epoch, Uri hubUri, NodeStaleness stale)
    {
        private volatile bool _stopping;

        public HubConnection Connection { get; } = connection;

        public long Epoch { get; } = epoch;

        public Uri HubUri { get; } = hubUri;

        public NodeStaleness Stale { get; } = stale;

        // Called before this side stops the connection: until the stop completes, the connection still reports
        // Connected although it already refuses invocations.
        public void MarkStopping() => _stopping = true;

        public bool IsEnding => _stopping || Connection.State != HubConnectionState.Connected;
    }

    private static bool IsRefusal(Exception exception) =>
        exception is HttpRequestException { StatusCode: System.Net.HttpStatusCode.Unauthorized or System.Net.HttpStatusCode.Forbidden };
}
