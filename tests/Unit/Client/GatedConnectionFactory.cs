using System.Net;
using EventDashboard.Client.Internal;
using Microsoft.AspNetCore.Connections;

namespace EventDashboard.Tests.Unit.Client;

/// <summary>
/// The client's real WebSocket transport with a gate on what the client reads: while closed, received bytes
/// stay in the transport, its pipe fills, it stops reading the socket and the server's sends back up, exactly
/// as with a client process that stopped reading.
/// </summary>
internal sealed class GatedConnectionFactory : IConnectionFactory
{
    private readonly WebSocketConnectionFactory _inner = new(new Dictionary<string, string>(), TimeSpan.FromSeconds(5));
    private readonly Lock _lock = new();
    private TaskCompletionSource _open = CreateOpen();

    public void Close()
    {
        lock (_lock)
        {
            if (_open.Task.IsCompleted)
            {
                _open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
    }

    public void Open()
    {
        lock (_lock)
        {
            _open.TrySetResult();
        }
    }

    public Task WaitOpenAsync()
    {
        lock (_lock)
        {
            return _open.Task;
        }
    }

    public async ValueTask<ConnectionContext> ConnectAsync(EndPoint endpoint, CancellationToken cancellationToken = default) =>
        new GatedConnection(await _inner.ConnectAsync(endpoint, cancellationToken), this);

    private static TaskCompletionSource CreateOpen()
    {
        var open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        open.SetResult();
        return open;
    }
}
