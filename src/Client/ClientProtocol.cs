namespace EventDashboard.Client;

/// <summary>How an <see cref="EventDashboardClient"/> encodes the hub's messages.</summary>
public enum ClientProtocol
{
    /// <summary>JSON text, as browsers use it; the default. Works on every transport.</summary>
    Json,

    /// <summary>
    /// MessagePack: binary, smaller and cheaper to parse than JSON, on WebSockets and long polling (Server-Sent
    /// Events carry text only). A value's JSON document still travels as its JSON text inside it.
    /// </summary>
    MessagePack,
}
