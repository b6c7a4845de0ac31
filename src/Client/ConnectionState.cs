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
}
