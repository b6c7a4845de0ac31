using EventDashboard.Protocol;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace EventDashboard.Benchmarks.EndToEnd;

/// <summary>
/// Plain SignalR connections over WebSockets, as the client's default transport picks: to the <see cref="PlainServer"/>,
/// or, with <paramref name="subscribe"/>, to EventDashboard's hub, each subscribing to the value itself.
/// </summary>
/// <param name="hubPath">The hub's path.</param>
/// <param name="subscribe">Whether each connection calls the hub's <c>Subscribe</c> for the value.</param>
internal sealed class PlainFleet(string hubPath = PlainServer.HubPath, bool subscribe = false) : Fleet
{
    private readonly List<HubConnection> _connections = [];

    public override async Task ConnectAsync(Uri server, int count, LatencyRecorder recorder)
    {
        for (var i = 0; i < count; i++)
        {
            var connection = new HubConnectionBuilder()
                .WithUrl(new Uri(server, hubPath), HttpTransportType.WebSockets)
                .Build();
            var receiver = i;
            connection.On<ValueSnapshot>("ValueChanged", s => recorder.Received(receiver, s.Value.GetProperty("seq").GetInt32()));
            _connections.Add(connection);
            await connection.StartAsync();
            if (subscribe)
            {
                await connection.InvokeAsync<ValueSnapshot?>("Subscribe", Program.ValueName);
            }
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await Task.WhenAll(_connections.Select(c => c.DisposeAsync().AsTask()));
    }
}
