using System.IO.Pipelines;
using EventDashboard.Client.Internal;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http.Features;

namespace EventDashboard.Tests.Unit.Client;

/// <summary>A connection whose input is copied through only while its <see cref="GatedConnectionFactory"/> is open.</summary>
internal sealed class GatedConnection : ConnectionContext
{
    private readonly ConnectionContext _inner;
    private readonly GatedConnectionFactory _gate;
    private readonly Pipe _input = new();
    private readonly Task _copying;

    public GatedConnection(ConnectionContext inner, GatedConnectionFactory gate)
    {
        _inner = inner;
        _gate = gate;
        Transport = new DuplexPipe(_input.Reader, inner.Transport.Output);
        _copying = CopyAsync();
    }

    public override string ConnectionId { get => _inner.ConnectionId; set => _inner.ConnectionId = value; }

    public override IFeatureCollection Features => _inner.Features;

    public override IDictionary<object, object?> Items { get => _inner.Items; set => _inner.Items = value; }

    public override IDuplexPipe Transport { get; set; }

    public override async ValueTask DisposeAsync()
    {
        _inner.Transport.Input.CancelPendingRead();
        await _inner.DisposeAsync();
        _gate.Open();
        await _copying;
        await base.DisposeAsync();
    }

    private async Task CopyAsync()
    {
        await Task.Yield();
        Exception? error = null;
        try
        {
            while (true)
            {
                await _gate.WaitOpenAsync();
                var result = await _inner.Transport.Input.ReadAsync();
                foreach (var segment in result.Buffer)
                {
                    await _input.Writer.WriteAsync(segment);
                }

                _inner.Transport.Input.AdvanceTo(result.Buffer.End);
                if (result.IsCompleted || result.IsCanceled)
                {
                    break;
                }
            }
        }
        catch (Exception ex)
        {
            error = ex;
        }

        await _input.Writer.CompleteAsync(error);
    }
}
