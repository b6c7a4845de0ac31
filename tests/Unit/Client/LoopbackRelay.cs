using System.Net;
using System.Net.Sockets;

namespace EventDashboard.Tests.Unit.Client;

/// <summary>
/// A TCP relay on a loopback port in front of a server: a client that connects through it reaches the server over
/// two real TCP connections, and a test can stop what the server sends from reaching the client (as with a client
/// that stopped reading: the server's sends back up in the kernel) or cut every link at once (as a network drop
/// does), while the server and the client go on as they are.
/// </summary>
internal sealed class LoopbackRelay : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _serverPort;
    private readonly Lock _lock = new();
    private readonly List<(Socket Client, Socket Server)> _links = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private TaskCompletionSource _open = Opened();

    private LoopbackRelay(int serverPort)
    {
        _serverPort = serverPort;
        _listener.Start();
        BaseAddress = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _accepting = AcceptAsync();
    }

    /// <summary>Gets the address to give the client instead of the server's.</summary>
    public Uri BaseAddress { get; }

    /// <summary>Gets how many client connections the relay has accepted so far.</summary>
    public int Accepted { get; private set; }

    /// <summary>Starts relaying to the server on <paramref name="serverPort"/>.</summary>
    public static LoopbackRelay To(int serverPort) => new(serverPort);

    /// <summary>Stops passing the server's bytes to the client; the client's still reach the server.</summary>
    public void Pause()
    {
        lock (_lock)
        {
            if (_open.Task.IsCompleted)
            {
                _open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
    }

    /// <summary>Passes the server's bytes to the client again, those held back first.</summary>
    public void Resume()
    {
        lock (_lock)
        {
            _open.TrySetResult();
        }
    }

    /// <summary>Cuts every link now with a reset, losing whatever is in flight; new connections are relayed as before.</summary>
    public void DropAll()
    {
        (Socket Client, Socket Server)[] links;
        lock (_lock)
        {
            links = [.. _links];
            _links.Clear();
        }

        foreach (var (client, server) in links)
        {
            Abort(client);
            Abort(server);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        DropAll();
        Resume();
        await _accepting.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }

    private static TaskCompletionSource Opened()
    {
        var open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        open.SetResult();
        return open;
    }

    private static void Abort(Socket socket)
    {
        try
        {
            // Linger 0: close with a reset, the way a broken link looks to both ends.
            socket.LingerState = new LingerOption(true, 0);
            socket.Close();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private Task WaitOpenAsync()
    {
        lock (_lock)
        {
            return _open.Task;
        }
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptSocketAsync(_stop.Token);
            var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            client.NoDelay = true;
            try
            {
                await server.ConnectAsync(new IPEndPoint(IPAddress.Loopback, _serverPort), _stop.Token);
            }
            catch (SocketException)
            {
                Abort(client);
                server.Dispose();
                continue;
            }

            lock (_lock)
            {
                _links.Add((client, server));
                Accepted++;
            }

            _ = PumpAsync(client, server, gated: false);
            _ = PumpAsync(server, client, gated: true);
        }
    }

    // Copies one direction until either end goes; then closes both, as a relay does.
    private async Task PumpAsync(Socket from, Socket to, bool gated)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None);

                // After the read, so that a read already pending when the relay paused holds its bytes back too.
                if (gated)
                {
                    await WaitOpenAsync();
                }

                if (read == 0)
                {
                    to.Shutdown(SocketShutdown.Send);
                    return;
                }

                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None);
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            Abort(from);
            Abort(to);
        }
    }
}
