using System.Buffers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace EventDashboard.Tests.Unit.Web.Hubs;

/// <summary>
/// A SignalR JSON-protocol client over a bare <see cref="ClientWebSocket"/>, straight to <c>/hubs/values</c>
/// without negotiate. It reads the socket only when asked, so a test can stop reading and make the server's
/// sends back up, as a slow browser would.
/// </summary>
public sealed class RawHubClient : IAsyncDisposable
{
    private const byte RecordSeparator = 0x1e;
    private static readonly TimeSpan SafetyNet = TimeSpan.FromSeconds(30);

    private readonly ClientWebSocket _socket = new();
    private readonly ArrayBufferWriter<byte> _received = new();
    private readonly Queue<JsonElement> _pushes = new();
    private int _nextInvocationId;

    private RawHubClient()
    {
    }

    /// <summary>Connects and completes the JSON protocol handshake, with an access key (as SignalR's access_token) and an Origin header when given.</summary>
    public static async Task<RawHubClient> ConnectAsync(Uri serverAddress, string? accessToken = null, string? origin = null)
    {
        var client = new RawHubClient();
        var hub = new UriBuilder(serverAddress)
        {
            Scheme = "ws",
            Path = "/hubs/values",
            Query = accessToken is null ? string.Empty : "access_token=" + Uri.EscapeDataString(accessToken),
        }.Uri;
        if (origin is not null)
        {
            client._socket.Options.SetRequestHeader("Origin", origin);
        }

        using var timeout = new CancellationTokenSource(SafetyNet);
        await client._socket.ConnectAsync(hub, timeout.Token);
        await client.SendRawAsync("""{"protocol":"json","version":1}""");
        var handshake = await client.ReadFrameAsync(timeout.Token);
        Assert.False(handshake.TryGetProperty("error", out var error), $"handshake failed: {error}");
        return client;
    }

    /// <summary>Invokes a hub method and returns its completion message; pushes read meanwhile are kept for <see cref="NextPushAsync"/>.</summary>
    public async Task<JsonElement> InvokeAsync(string target, params object?[] arguments)
    {
        var id = (++_nextInvocationId).ToString(System.Globalization.CultureInfo.InvariantCulture);
        await SendRawAsync(JsonSerializer.Serialize(new { type = 1, invocationId = id, target, arguments }));
        using var timeout = new CancellationTokenSource(SafetyNet);
        while (true)
        {
            var message = await ReadFrameAsync(timeout.Token);
            var type = message.GetProperty("type").GetInt32();
            if (type == 3 && message.GetProperty("invocationId").GetString() == id)
            {
                return message;
            }

            if (type == 1)
            {
                _pushes.Enqueue(message);
            }
        }
    }

    /// <summary>Invokes a hub method that must succeed and returns its result.</summary>
    public async Task<JsonElement> InvokeResultAsync(string target, params object?[] arguments)
    {
        var completion = await InvokeAsync(target, arguments);
        Assert.False(completion.TryGetProperty("error", out var error), $"{target} failed: {error}");
        return completion.TryGetProperty("result", out var result) ? result : default;
    }

    /// <summary>Reads until the next server-to-client call (ValueChanged or WatchersChanged) and returns it.</summary>
    public async Task<(string Target, JsonElement Argument)> NextPushAsync(CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(SafetyNet);
        while (true)
        {
            var message = _pushes.Count > 0 ? _pushes.Dequeue() : await ReadFrameAsync(timeout.Token);
            if (message.GetProperty("type").GetInt32() == 1)
            {
                return (message.GetProperty("target").GetString()!, message.GetProperty("arguments")[0]);
            }
        }
    }

    /// <summary>Reads until the server's close message (type 7), skipping pushes, and returns it.</summary>
    public async Task<JsonElement> NextCloseAsync()
    {
        using var timeout = new CancellationTokenSource(SafetyNet);
        while (true)
        {
            var message = _pushes.Count > 0 ? _pushes.Dequeue() : await ReadFrameAsync(timeout.Token);
            if (message.GetProperty("type").GetInt32() == 7)
            {
                return message;
            }
        }
    }

    /// <summary>Reads pushes until a <c>ValueChanged</c> for <paramref name="name"/> satisfies <paramref name="until"/>.</summary>
    public async Task<JsonElement> NextValueAsync(string name, Func<JsonElement, bool>? until = null)
    {
        while (true)
        {
            var (target, argument) = await NextPushAsync();
            if (target == "ValueChanged" && argument.GetProperty("name").GetString() == name && (until is null || until(argument)))
            {
                return argument;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            using var timeout = new CancellationTokenSource(SafetyNet);
            try
            {
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
            }
            catch (WebSocketException)
            {
                // The server already went away.
            }
        }

        _socket.Dispose();
    }

    private Task SendRawAsync(string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json + "\u001e");
        return _socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
    }

    // Returns the next record of the stream (records end with 0x1e and may span or share WebSocket frames).
    private async Task<JsonElement> ReadFrameAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var end = _received.WrittenSpan.IndexOf(RecordSeparator);
            if (end >= 0)
            {
                var record = JsonDocument.Parse(_received.WrittenMemory[..end]).RootElement.Clone();
                var rest = _received.WrittenSpan[(end + 1)..].ToArray();
                _received.Clear();
                _received.Write(rest);
                return record;
            }

            var result = await _socket.ReceiveAsync(_received.GetMemory(64 * 1024), cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                throw new InvalidOperationException($"The server closed the connection: {_socket.CloseStatus} {_socket.CloseStatusDescription}");
            }

            _received.Advance(result.Count);
        }
    }
}
