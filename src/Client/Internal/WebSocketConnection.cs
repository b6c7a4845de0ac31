using System.Buffers;
using System.Diagnostics;
using System.IO.Pipelines;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http.Features;

namespace EventDashboard.Client.Internal;

/// <summary>
/// A <see cref="ConnectionContext"/> over a connected <see cref="ClientWebSocket"/>: two pumps copy bytes
/// between the socket and a pair of pipes, and <see cref="Transport"/> is the application's end of them.
/// </summary>
/// <remarks>
/// The receive pump ends when the server closes or the socket fails, and completes the application's input,
/// which is how the hub connection learns that the connection is gone. The send pump ends when the
/// application completes its output (or on <see cref="DisposeAsync"/>), and then starts the close handshake.
/// </remarks>
[DebuggerDisplay("{ConnectionId}, State = {_socket.State}")]
internal sealed class WebSocketConnection : ConnectionContext
{
    private readonly ClientWebSocket _socket;
    private readonly TimeSpan _closeTimeout;
    private readonly Pipe _input = new(new PipeOptions(useSynchronizationContext: false));
    private readonly Pipe _output = new(new PipeOptions(useSynchronizationContext: false));
    private readonly CancellationTokenSource _aborted = new();
    private Task _receiving = Task.CompletedTask;
    private Task _sending = Task.CompletedTask;
    private int _disposed;

    private WebSocketConnection(ClientWebSocket socket, TimeSpan closeTimeout)
    {
        _socket = socket;
        _closeTimeout = closeTimeout;
        Transport = new DuplexPipe(_input.Reader, _output.Writer);
    }

    public override string ConnectionId { get; set; } = Guid.NewGuid().ToString("N");

    public override IFeatureCollection Features { get; } = new FeatureCollection();

    public override IDictionary<object, object?> Items { get; set; } = new Dictionary<object, object?>();

    public override IDuplexPipe Transport { get; set; }

    // Completes when both pumps are done; for tests.
    internal Task Completion => Task.WhenAll(_receiving, _sending);

    public static WebSocketConnection Start(ClientWebSocket socket, TimeSpan closeTimeout)
    {
        Debug.Assert(socket.State == WebSocketState.Open);
        var connection = new WebSocketConnection(socket, closeTimeout);
        connection._receiving = connection.ReceiveAsync();
        connection._sending = connection.SendAsync();
        return connection;
    }

    public override void Abort(ConnectionAbortedException abortReason)
    {
        _socket.Abort();
        _aborted.Cancel();
    }

    public override async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        // Ending the application's output makes the send pump close the socket cleanly; the receive pump then
        // sees the server's close frame (or the timeout aborts the socket).
        await _output.Writer.CompleteAsync().ConfigureAwait(false);
        await Completion.ConfigureAwait(false);
        _socket.Dispose();
        await _input.Reader.CompleteAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }

    private async Task ReceiveAsync()
    {
        await Task.Yield();
        Exception? error = null;
        try
        {
            while (true)
            {
                var memory = _input.Writer.GetMemory(4096);
                var result = await _socket.ReceiveAsync(memory, _aborted.Token).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }

                _input.Writer.Advance(result.Count);
                var flush = await _input.Writer.FlushAsync(_aborted.Token).ConfigureAwait(false);
                if (flush.IsCompleted)
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (_aborted.IsCancellationRequested)
        {
            // Aborted by us: the application already knows.
        }
        catch (WebSocketException ex)
        {
            error = ex;
        }
        finally
        {
            await _input.Writer.CompleteAsync(error).ConfigureAwait(false);

            // The server went away (or closed first): nothing more can be sent, so stop the send pump too.
            _output.Reader.CancelPendingRead();
        }
    }

    private async Task SendAsync()
    {
        await Task.Yield();
        try
        {
            while (true)
            {
                var result = await _output.Reader.ReadAsync().ConfigureAwait(false);
                var buffer = result.Buffer;
                try
                {
                    if (result.IsCanceled)
                    {
                        // The receive pump ended: the server closed (answer its close frame) or the socket broke.
                        break;
                    }

                    if (!buffer.IsEmpty)
                    {
                        await SendBufferAsync(buffer).ConfigureAwait(false);
                    }

                    if (result.IsCompleted)
                    {
                        break;
                    }
                }
                finally
                {
                    _output.Reader.AdvanceTo(buffer.End);
                }
            }

            await CloseAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            _socket.Abort();
        }
        finally
        {
            // Nothing else may write: a later write by the application fails instead of queueing forever.
            await _output.Reader.CompleteAsync().ConfigureAwait(false);
        }
    }

    private async Task SendBufferAsync(ReadOnlySequence<byte> buffer)
    {
        // The hub protocol frames its own messages (JSON records end with 0x1E), so how the bytes are split into
        // WebSocket messages does not matter; one message per read keeps it simple.
        var position = buffer.Start;
        while (buffer.TryGet(ref position, out var segment))
        {
            var last = position.GetObject() is null;
            await _socket.SendAsync(segment, WebSocketMessageType.Text, last, _aborted.Token).ConfigureAwait(false);
        }
    }

    private async Task CloseAsync()
    {
        if (_socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived))
        {
            return;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_aborted.Token);
        timeout.CancelAfter(_closeTimeout);
        try
        {
            await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token).ConfigureAwait(false);

            // Wait for the server's close frame, which ends the receive pump.
            await _receiving.WaitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            _socket.Abort();
        }
    }
}
