using System.Net.WebSockets;
using System.Text;

namespace EventDashboard.Benchmarks.EndToEnd;

/// <summary>
/// A hub client that stops reading: it completes the SignalR handshake (and subscribes, when given a name),
/// then never receives another byte, like a frozen browser tab.
/// </summary>
internal sealed class StalledSocket : IDisposable
{
    private readonly ClientWebSocket _socket = new();

    public static async Task<StalledSocket> ConnectAsync(Uri hub, string? subscribeTo)
    {
        var stalled = new StalledSocket();
        var uri = new UriBuilder(hub) { Scheme = "ws" }.Uri;
        await stalled._socket.ConnectAsync(uri, CancellationToken.None);
        await stalled.SendAsync("{\"protocol\":\"json\",\"version\":1}\u001e");

        // The handshake answer is the only thing it ever reads.
        var buffer = new byte[256];
        await stalled._socket.ReceiveAsync(buffer, CancellationToken.None);
        if (subscribeTo is not null)
        {
            await stalled.SendAsync($"{{\"type\":1,\"target\":\"Subscribe\",\"arguments\":[\"{subscribeTo}\"]}}\u001e");
        }

        return stalled;
    }

    public void Dispose()
    {
        _socket.Abort();
        _socket.Dispose();
    }

    private Task SendAsync(string text) =>
        _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);
}
