using System.Diagnostics;
using EventDashboard.Web.Operations;
using EventDashboard.Web.Values;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Http.Connections.Features;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;

namespace EventDashboard.Web.Hubs.Internal;

/// <summary>
/// The subscriptions of one hub connection, and the only way anything is sent to it. It lives from the
/// connection's OnConnected to its OnDisconnected.
/// </summary>
[DebuggerDisplay("{ConnectionId}: Subscriptions = {SubscriptionCount}, PendingSends = {PendingSends}")]
internal sealed partial class ConnectionSubscriptions : IStallWatched, IAsyncDisposable
{
    private readonly HubConnectionContext _connection;
    private readonly ValueRegistry _registry;
    private readonly ILogger _logger;
    private readonly EventDashboardMetrics _metrics;
    private readonly CancellationTokenSource _closed = new();

    // Guards _subscriptions, _prefixes, _followed, _followingNames and _isClosed.
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Subscription> _subscriptions = new(StringComparer.Ordinal);

    // Made by the first SubscribePrefix: most connections subscribe to names only, and every open connection pays for
    // what it holds (docs/OPERATIONS.md, "How memory scales").
    private List<string>? _prefixes;
    private HashSet<string>? _followed;
    private Task? _followingNames;
    private bool _isClosed;

    private SendProgress _sends;
    private int _maxPendingSends;
    private int _closing;
    private long _sentCount;

    public ConnectionSubscriptions(HubConnectionContext connection, ValueRegistry registry, PushMessages messages, ILogger logger, EventDashboardMetrics metrics)
    {
        _connection = connection;
        _metrics = metrics;
        _registry = registry;
        Messages = messages;
        _logger = logger;
        if (IsDotNetClient(connection.GetHttpContext()?.Request.QueryString ?? QueryString.Empty))
        {
            Kind = WatcherKind.DotNetClient;
        }
    }

    /// <summary>How long a close waits for the connection to take its close message.</summary>
    public static readonly TimeSpan CloseMessageTimeout = TimeSpan.FromSeconds(1);

    /// <summary>The query string key with which a hub client says what it is (<c>?client=dotnet</c>).</summary>
    public const string ClientQueryKey = "client";

    /// <summary>The value of <see cref="ClientQueryKey"/> the .NET client sends.</summary>
    public const string DotNetClientName = "dotnet";

    public string ConnectionId => _connection.ConnectionId;

    /// <summary>Gets the transport the connection negotiated, or <see langword="null"/> when it did not come over HTTP.</summary>
    public HttpTransportType? Transport => _connection.Features.Get<IHttpTransportFeature>()?.TransportType;

    /// <summary>Gets the name of the hub protocol the connection speaks: <c>json</c> or <c>messagepack</c>.</summary>
    public string ProtocolName => _connection.Protocol.Name;

    /// <summary>Gets what kind of watcher this connection's subscriptions count as: the .NET client says so in its URL.</summary>
    public WatcherKind Kind { get; } = WatcherKind.Hub;

    /// <summary>Gets the server's instruments.</summary>
    public EventDashboardMetrics Metrics => _metrics;

    /// <summary>Gets the pushes shared by every connection.</summary>
    public PushMessages Messages { get; }

    public int SubscriptionCount
    {
        get
        {
            lock (_lock)
            {
                return _subscriptions.Count;
            }
        }
    }

    /// <summary>Gets how many sends to this connection are in flight now: at most one per subscription.</summary>
    public int PendingSends => _sends.Pending;

    /// <summary>Gets the most sends that were ever in flight at once; what a stalled connection costs the server.</summary>
    public int MaxPendingSends => Volatile.Read(ref _maxPendingSends);

    /// <summary>Gets how many messages were sent to this connection.</summary>
    public long SentCount => Interlocked.Read(ref _sentCount);

    string IStallWatched.Transport => "hub";

    string IStallWatched.Id => ConnectionId;

    int IStallWatched.StalledSends(long now, long timeoutMilliseconds) => _sends.Stalled(now, timeoutMilliseconds);

    bool IStallWatched.TryCloseStalled()
    {
        if (Interlocked.Exchange(ref _closing, 1) != 0)
        {
            return false;
        }

        // Nothing can be said to a connection that takes nothing: it is aborted, and OnDisconnected ends its
        // subscriptions. A client reconnects and subscribes again, from the newest versions.
        _connection.Abort();
        return true;
    }

    public bool IsSubscribed(string name)
    {
        lock (_lock)
        {
            return _subscriptions.ContainsKey(name);
        }
    }

    /// <summary>Starts pushing <paramref name="name"/>'s versions above <paramref name="afterVersion"/>; does nothing if already subscribed.</summary>
    public void Subscribe(string name, long afterVersion)
    {
        lock (_lock)
        {
            if (!_isClosed && !_subscriptions.ContainsKey(name))
            {
                _subscriptions.Add(name, Subscription.Start(this, _registry, name, afterVersion));
                _metrics.HubSubscriptionsChanged(1);
            }
        }
    }

    /// <summary>Stops pushing <paramref name="name"/>.</summary>
    /// <returns>A task that completes when the subscription's watchers are disposed.</returns>
    public Task UnsubscribeAsync(string name)
    {
        Subscription? subscription;
        lock (_lock)
        {
            if (_subscriptions.Remove(name, out subscription))
            {
                _metrics.HubSubscriptionsChanged(-1);
            }
        }

        return subscription?.StopAsync() ?? Task.CompletedTask;
    }

    /// <summary>
    /// Subscribes to every value under <paramref name="prefix"/>: the ones in <paramref name="known"/> from their given
    /// versions, and every value set under it later from its first version. Values unsubscribed afterwards are
    /// not added again.
    /// </summary>
    public void SubscribePrefix(string prefix, IEnumerable<Protocol.ValueSnapshot> known)
    {
        lock (_lock)
        {
            if (_isClosed)
            {
                return;
            }

            // The prefix is followed before the known values are subscribed: a name created after the caller listed
            // them is then picked up by the follower, and one created before is in the list.
            _prefixes ??= [];
            _followed ??= new HashSet<string>(StringComparer.Ordinal);
            if (!_prefixes.Contains(prefix))
            {
                _prefixes.Add(prefix);
            }

            _followingNames ??= FollowNamesAsync(_closed.Token);
        }

        foreach (var snapshot in known)
        {
            lock (_lock)
            {
                _followed!.Add(snapshot.Name);
            }

            Subscribe(snapshot.Name, snapshot.Version);
        }
    }

    /// <summary>Sends one message and counts it while it is in flight.</summary>
    public async Task SendAsync(SerializedHubMessage message, CancellationToken cancellationToken)
    {
        var pending = _sends.Begin();
        var max = Volatile.Read(ref _maxPendingSends);
        while (pending > max)
        {
            var seen = Interlocked.CompareExchange(ref _maxPendingSends, pending, max);
            if (seen == max)
            {
                break;
            }

            max = seen;
        }

        try
        {
            // Completes when the message is handed to the transport, or waits while the transport's buffer is
            // full: that wait is what makes a slow connection skip versions instead of queueing them.
            await _connection.WriteAsync(message, cancellationToken);
            Interlocked.Increment(ref _sentCount);
            _metrics.Delivered();
        }
        finally
        {
            _sends.End();
        }
    }

    public void OnDeliveryFailed(string name, Exception exception) => LogDeliveryFailed(ConnectionId, name, exception);

    /// <summary>Gets who the connection acts as, as it was authenticated when it opened.</summary>
    public System.Security.Claims.ClaimsPrincipal User => _connection.User;

    /// <summary>
    /// Tells the client why the connection ends and whether it may reconnect, then closes it; does nothing if the
    /// connection is already being closed. A client that does not read gets no longer than
    /// <see cref="CloseMessageTimeout"/> to take the message.
    /// </summary>
    /// <returns><see langword="true"/> if this call started the close.</returns>
    public bool TryClose(string reason, bool allowReconnect)
    {
        if (Interlocked.Exchange(ref _closing, 1) != 0)
        {
            return false;
        }

        _ = CloseAsync(new CloseMessage(reason, allowReconnect));
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        Subscription[] subscriptions;
        Task? followingNames;
        lock (_lock)
        {
            _isClosed = true;
            subscriptions = [.. _subscriptions.Values];
            _subscriptions.Clear();
            followingNames = _followingNames;
        }

        _metrics.HubSubscriptionsChanged(-subscriptions.Length);

        await _closed.CancelAsync();
        await Task.WhenAll(subscriptions.Select(s => s.StopAsync()));
        if (followingNames is not null)
        {
            await followingNames;
        }

        _closed.Dispose();
    }

    private async Task CloseAsync(CloseMessage message)
    {
        try
        {
            using var timeout = new CancellationTokenSource(CloseMessageTimeout);
            await _connection.WriteAsync(message, timeout.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or InvalidOperationException)
        {
            // Stalled or already gone: it is closed all the same.
        }
        finally
        {
            _connection.Abort();
        }
    }

    private async Task FollowNamesAsync(CancellationToken cancellationToken)
    {
        await Task.Yield();
        try
        {
            using var names = _registry.WatchNames();
            while (true)
            {
                // Wakes once per new name (or once for several); the list says which are new to this connection.
                await names.GetAsync(cancellationToken);
                foreach (var snapshot in _registry.List())
                {
                    if (Follows(snapshot.Name))
                    {
                        Subscribe(snapshot.Name, 0);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Disconnected.
        }
        catch (Exception ex)
        {
            LogDeliveryFailed(ConnectionId, "*", ex);
        }
    }

    // Reads the raw query: Request.Query would parse it into a dictionary that the connection's HttpContext then
    // holds for as long as the connection is open (about 180 bytes on every connection).
    private static bool IsDotNetClient(QueryString query)
    {
        var text = query.Value.AsSpan().TrimStart('?');
        foreach (var part in text.Split('&'))
        {
            if (text[part] is var parameter
                && parameter.StartsWith(ClientQueryKey + "=", StringComparison.Ordinal)
                && parameter[(ClientQueryKey.Length + 1)..].SequenceEqual(DotNetClientName))
            {
                return true;
            }
        }

        return false;
    }

    // True once for each name under a followed prefix, so a name the client unsubscribed from stays unsubscribed.
    private bool Follows(string name)
    {
        lock (_lock)
        {
            Debug.Assert(_prefixes is not null && _followed is not null, "Names are followed only after SubscribePrefix made both.");
            return _prefixes.Exists(p => name.StartsWith(p, StringComparison.Ordinal)) && _followed.Add(name);
        }
    }
}
