using System.Buffers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace EventDashboard.Benchmarks.Soak;

/// <summary>
/// One hub connection over a bare WebSocket (JSON protocol, no negotiate) subscribed to one value, reading every
/// push as a browser would. It reconnects when the server goes away (the restart phase) and resubscribes.
/// </summary>
internal sealed class HubWatcher : IAsyncDisposable
{
    private readonly Uri _hub;
    private readonly string _name;
    private readonly SoakCounters _counters;
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;
    private long _version;

    // The newest pushed version; only the read loop touches it.
    private long _pushed;

    public HubWatcher(Uri server, string name, SoakCounters counters)
    {
        _hub = new UriBuilder(new Uri(server, "hubs/values")) { Scheme = "ws" }.Uri;
        _name = name;
        _counters = counters;
    }

    /// <summary>Gets the newest version this watcher received.</summary>
    public long Version => Interlocked.Read(ref _version);

    public string Name => _name;

    public async Task StartAsync()
    {
        var socket = await ConnectAsync(_stop.Token);
        _loop = RunAsync(socket);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }

    private async Task<ClientWebSocket> ConnectAsync(CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        await socket.ConnectAsync(_hub, cancellationToken);
        await SendAsync(socket, "{\"protocol\":\"json\",\"version\":1}\u001e", cancellationToken);
        await SendAsync(socket, $"{{\"type\":1,\"invocationId\":\"1\",\"target\":\"Subscribe\",\"arguments\":[\"{_name}\"]}}\u001e", cancellationToken);
        return socket;
    }

    private async Task RunAsync(ClientWebSocket socket)
    {
        var buffer = new ArrayBufferWriter<byte>(64 * 1024);
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                while (true)
                {
                    var result = await socket.ReceiveAsync(buffer.GetMemory(16 * 1024), _stop.Token);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        throw new WebSocketException("closed by the server");
                    }

                    buffer.Advance(result.Count);
                    if (result.EndOfMessage)
                    {
                        Handle(buffer.WrittenSpan);
                        buffer.ResetWrittenCount();
                    }
                }
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (ex is WebSocketException or IOException or HttpRequestException)
            {
                // The server went away (a kill in the restart phase): reconnect until it is back.
                socket.Dispose();
                buffer.ResetWrittenCount();
                Interlocked.Increment(ref _counters.WatcherErrors);
                if (await ReconnectAsync() is not { } reconnected)
                {
                    return;
                }

                socket = reconnected;
            }
        }

        socket.Abort();
        socket.Dispose();
    }

    private async Task<ClientWebSocket?> ReconnectAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                return await ConnectAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is WebSocketException or HttpRequestException or IOException)
            {
                await Task.Delay(100);
            }
            catch (OperationCanceledException)
            {
                return null;
            }
        }

        return null;
    }

    // A frame may hold several messages, each ending with the record separator.
    private void Handle(ReadOnlySpan<byte> frame)
    {
        while (frame.Length > 0)
        {
            var end = frame.IndexOf((byte)0x1e);
            var message = end < 0 ? frame : frame[..end];
            frame = end < 0 ? [] : frame[(end + 1)..];
            if (message.IndexOf("\"ValueChanged\""u8) < 0 && message.IndexOf("\"type\":3"u8) < 0)
            {
                continue;
            }

            using var document = JsonDocument.Parse(message.ToArray());
            var root = document.RootElement;
            JsonElement snapshot;
            if (root.GetProperty("type").GetInt32() == 3)
            {
                // The Subscribe answer: the current snapshot, or null.
                if (!root.TryGetProperty("result", out snapshot) || snapshot.ValueKind != JsonValueKind.Object)
                {
                    continue;
                }
            }
            else
            {
                snapshot = root.GetProperty("arguments")[0];
            }

            var version = snapshot.GetProperty("version").GetInt64();
            if (root.GetProperty("type").GetInt32() == 3)
            {
                // The Subscribe answer and the pushes race (docs/API.md: keep the highest version), so only the
                // pushes are checked for order among themselves; the answer counts for where the watcher ends.
                Interlocked.Exchange(ref _version, Math.Max(Interlocked.Read(ref _version), version));
                continue;
            }

            _counters.Delivered(_pushed, version, snapshot.GetProperty("value").GetProperty("t").GetInt64());
            _pushed = Math.Max(_pushed, version);
            Interlocked.Exchange(ref _version, Math.Max(Interlocked.Read(ref _version), version));
        }
    }

    private static Task SendAsync(ClientWebSocket socket, string text, CancellationToken cancellationToken) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, cancellationToken);
}
