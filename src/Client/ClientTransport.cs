namespace EventDashboard.Client;

/// <summary>
/// How an <see cref="EventDashboardClient"/> talks to the server: the SignalR hub <c>/hubs/values</c> over any
/// of its transports, or plain HTTP blocking queries. The hub transports combine: the client negotiates with the
/// server and takes the first one of the set that both ends support, in the order WebSockets, Server-Sent Events,
/// long polling.
/// </summary>
/// <remarks>In configuration, name one or several, separated by commas: <c>"WebSockets, LongPolling"</c>.</remarks>
[Flags]
public enum ClientTransport
{
    /// <summary>No transport: not a valid choice, the options are refused.</summary>
    None = 0,

    /// <summary>The hub over one WebSocket: pushes both ways, the lowest latency.</summary>
    WebSockets = 1,

    /// <summary>The hub over Server-Sent Events for pushes and HTTP POSTs for calls. Text only: not with <see cref="ClientProtocol.MessagePack"/>.</summary>
    ServerSentEvents = 2,

    /// <summary>The hub over SignalR's long polling: every push is the answer to a held HTTP request.</summary>
    LongPolling = 4,

    /// <summary>The hub over whichever transport negotiation picks; the default.</summary>
    Negotiate = WebSockets | ServerSentEvents | LongPolling,

    /// <summary>
    /// No hub, plain HTTP for networks and gateways that pass nothing else: each watched value is a blocking query
    /// (<c>GET /api/values/{name}?index=N</c>) kept running with backoff, and Sets are <c>PUT</c>s. It cannot be
    /// combined with the hub transports. There is no connection to watch: <see cref="EventDashboardClient.Connection"/>
    /// turns <see cref="ConnectionState.Connected"/> after the first request that succeeds and
    /// <see cref="ConnectionState.Reconnecting"/> while queries fail.
    /// </summary>
    BlockingQueries = 8,
}
