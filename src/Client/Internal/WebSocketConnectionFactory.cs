using System.Net;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http.Connections;

namespace EventDashboard.Client.Internal;

/// <summary>
/// The one transport piece the package source lacks (Http.Connections.Client is not served): an
/// <see cref="IConnectionFactory"/> that opens a <see cref="ClientWebSocket"/> straight to the hub URL.
/// The server accepts WebSockets without the negotiate round trip, so there is none; everything above the
/// byte stream (handshake, hub protocol, pings) is the real <c>HubConnection</c>'s.
/// </summary>
internal sealed class WebSocketConnectionFactory : IConnectionFactory
{
    private readonly IReadOnlyDictionary<string, string> _headers;
    private readonly TimeSpan _closeTimeout;

    /// <param name="headers">Request headers sent with every WebSocket upgrade (for example authorization).</param>
    /// <param name="closeTimeout">How long a clean close waits for the server's close frame before aborting.</param>
    public WebSocketConnectionFactory(IReadOnlyDictionary<string, string> headers, TimeSpan closeTimeout)
    {
        _headers = headers;
        _closeTimeout = closeTimeout;
    }

    public async ValueTask<ConnectionContext> ConnectAsync(EndPoint endpoint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        if (endpoint is not UriEndPoint { Uri: var uri })
        {
            throw new NotSupportedException($"The endpoint '{endpoint}' is not a {nameof(UriEndPoint)}.");
        }

        var socket = new ClientWebSocket();
        try
        {
            foreach (var (name, value) in _headers)
            {
                socket.Options.SetRequestHeader(name, value);
            }

            await socket.ConnectAsync(ToWebSocketUri(uri), cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        // The connection is given the socket and owns it from here on.
        return WebSocketConnection.Start(socket, _closeTimeout);
    }

    /// <summary>Maps <c>http</c>/<c>https</c> to <c>ws</c>/<c>wss</c>; other schemes pass unchanged.</summary>
    /// <param name="uri">The hub URL.</param>
    /// <returns>The WebSocket URL.</returns>
    internal static Uri ToWebSocketUri(Uri uri)
    {
        var scheme = uri.Scheme switch
        {
            "http" => "ws",
            "https" => "wss",
            var other => other,
        };
        return new UriBuilder(uri) { Scheme = scheme }.Uri;
    }
}
