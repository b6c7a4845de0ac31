namespace EventDashboard.Client;

/// <summary>The state of an <see cref="EventDashboardClient"/>'s link to the server, watched through <see cref="EventDashboardClient.Connection"/>.</summary>
public enum ConnectionState
{
    /// <summary>The first connection is being made.</summary>
    Connecting,

    /// <summary>Connected: watched values follow the server.</summary>
    Connected,

    /// <summary>The link was lost; the client retries with backoff and resubscribes every watched value.</summary>
    Reconnecting,

    /// <summary>The client was disposed.</summary>
    Closed,

    /// <summary>
    /// The server refused the client's credentials (401 or 403): no access key, an unknown one, or one that may not
    /// read. The client keeps trying at its longest backoff, so a key added on the server later is picked up.
    /// </summary>
    Refused,
}
