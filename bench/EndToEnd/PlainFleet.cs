using System.Net;
using EventDashboard.Client.Internal;
using EventDashboard.Protocol;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace EventDashboard.Benchmarks.EndToEnd;

/// <summary>
/// Plain SignalR connections, over the same WebSocket transport as the client: to the <see cref="PlainServer"/>,
/// or, with <paramref name="subscribe"/>, to EventDashboard's hub, each subscribing to the value itself.
/// </summary>
/// <param name="hubPath">The hub's path.</param>
/// <param name="subscribe">Whether each connection calls the hub's <c>Subscribe</c> for the value.</param>
internal sealed class PlainFleet(string hubPath = PlainServer.HubPath, bool subscribe = false) : Fleet
{
    private readonly List<HubConnection> _connections = [];

    public override async Task ConnectAsync(Uri server, int count, LatencyRecorder recorder)
    {
        var factory = new WebSocketConnectionFactory(new Dictionary<string, string>(), TimeSpan.FromSeconds(5));
        for (var i = 0; i < count; i++)
        {
            var builder = new HubConnectionBuilder();
            builder.Services.AddSingleton<IConnectionFactory>(factory);
            builder.Services.AddSingleton<EndPoint>(new UriEndPoint(new Uri(server, hubPath)));
            var connection = builder.Build();
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
