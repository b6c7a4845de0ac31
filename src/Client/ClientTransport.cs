namespace EventDashboard.Client;

/// <summary>How an <see cref="EventDashboardClient"/> talks to the server.</summary>
public enum ClientTransport
{
    /// <summary>The SignalR hub <c>/hubs/values</c> over one WebSocket: pushes, the lowest latency.</summary>
    WebSockets,

    /// <summary>
    /// Plain HTTP for networks that block WebSockets: each watched value is a blocking query
    /// (<c>GET /api/values/{name}?index=N</c>) kept running with backoff, and Sets are <c>PUT</c>s.
    /// There is no connection to watch: <see cref="EventDashboardClient.Connection"/> turns
    /// <see cref="ConnectionState.Connected"/> after the first request that succeeds and
    /// <see cref="ConnectionState.Reconnecting"/> while queries fail.
    /// </summary>
    HttpLongPolling,
}
