using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using EventDashboard.Client.Internal;
using EventDashboard.Tests.Unit.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace EventDashboard.Tests.Unit.Client.Internal;

/// <summary>The transport under the real HubConnection, against a real Kestrel server on a loopback port.</summary>
public sealed class WebSocketConnectionFactoryTests : IAsyncLifetime
{
    private readonly TaskCompletionSource<IHeaderDictionary> _headers = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<WebSocketCloseStatus?> _closeStatus = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private WebApplication _app = null!;
    private Uri _base = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Services.AddSignalR();
        _app = builder.Build();
        _app.UseWebSockets();

        // Echoes every message; records the upgrade's headers and how the client closed.
        _app.Map("/echo", async context =>
        {
            _headers.TrySetResult(context.Request.Headers);
            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            var buffer = new byte[4096];
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer, CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    _closeStatus.TrySetResult(result.CloseStatus);
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
                    return;
                }

                await socket.SendAsync(buffer.AsMemory(0, result.Count), result.MessageType, result.EndOfMessage, CancellationToken.None);
            }
        });

        // Closes from the server side right after accepting.
        _app.Map("/close", async context =>
        {
            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
        });

        _app.MapHub<EchoHub>("/hubs/echo");
        await _app.StartAsync();
        _base = new Uri(_app.Urls.First());
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task ConnectAsync_WithHeaders_SendsThemWithTheUpgrade()
    {
        var factory = new WebSocketConnectionFactory(new Dictionary<string, string> { ["Authorization"] = "Bearer secret", ["X-Test"] = "42" }, TestTimeouts.Safety);

        await using var connection = await factory.ConnectAsync(new UriEndPoint(new Uri(_base, "echo")));

        var headers = await _headers.Task.Within();
        Assert.Equal("Bearer secret", headers.Authorization.ToString());
        Assert.Equal("42", headers["X-Test"].ToString());
    }

    [Fact]
    public async Task Transport_WrittenBytes_ComeBackFromTheServer()
    {
        var factory = new WebSocketConnectionFactory(new Dictionary<string, string>(), TestTimeouts.Safety);
        await using var connection = await factory.ConnectAsync(new UriEndPoint(new Uri(_base, "echo")));

        await connection.Transport.Output.WriteAsync(Encoding.UTF8.GetBytes("hello\u001e"));

        var received = new StringBuilder();
        using var timeout = new CancellationTokenSource(TestTimeouts.Safety);
        while (!received.ToString().EndsWith('\u001e'))
        {
            var result = await connection.Transport.Input.ReadAsync(timeout.Token);
            foreach (var segment in result.Buffer)
            {
                received.Append(Encoding.UTF8.GetString(segment.Span));
            }

            connection.Transport.Input.AdvanceTo(result.Buffer.End);
            Assert.False(result.IsCompleted, "the echo server closed early");
        }

        Assert.Equal("hello\u001e", received.ToString());
    }

    [Fact]
    public async Task DisposeAsync_OpenConnection_ClosesWithNormalClosure()
    {
        var factory = new WebSocketConnectionFactory(new Dictionary<string, string>(), TestTimeouts.Safety);
        var connection = await factory.ConnectAsync(new UriEndPoint(new Uri(_base, "echo")));

        await connection.DisposeAsync().Within();

        Assert.Equal(WebSocketCloseStatus.NormalClosure, await _closeStatus.Task.Within());
        await connection.DisposeAsync(); // idempotent
    }

    [Fact]
    public async Task Transport_ServerCloses_InputCompletes()
    {
        var factory = new WebSocketConnectionFactory(new Dictionary<string, string>(), TestTimeouts.Safety);
        await using var connection = await factory.ConnectAsync(new UriEndPoint(new Uri(_base, "close")));

        using var timeout = new CancellationTokenSource(TestTimeouts.Safety);
        var result = await connection.Transport.Input.ReadAsync(timeout.Token);
        while (!result.IsCompleted)
        {
            connection.Transport.Input.AdvanceTo(result.Buffer.End);
            result = await connection.Transport.Input.ReadAsync(timeout.Token);
        }

        Assert.True(result.IsCompleted);
    }

    [Fact]
    public async Task ConnectAsync_ServerNeverAnswersAndTokenCancelled_ThrowsOperationCanceled()
    {
        // A listener that accepts TCP but never answers the upgrade: only the token can end the wait.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;
        var factory = new WebSocketConnectionFactory(new Dictionary<string, string>(), TestTimeouts.Safety);
        using var cancel = new CancellationTokenSource();

        var connecting = factory.ConnectAsync(new UriEndPoint(new Uri($"http://127.0.0.1:{port}/hubs/values")), cancel.Token).AsTask();
        using var accepted = await silent.AcceptSocketAsync().Within();
        Assert.False(connecting.IsCompleted);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => connecting.Within());
    }

    [Fact]
    public async Task ConnectAsync_NotAUriEndPoint_Throws()
    {
        var factory = new WebSocketConnectionFactory(new Dictionary<string, string>(), TestTimeouts.Safety);

        await Assert.ThrowsAsync<NotSupportedException>(() => factory.ConnectAsync(new IPEndPoint(IPAddress.Loopback, 1)).AsTask());
    }

    [Theory]
    [InlineData("http://h:5/hubs/values", "ws://h:5/hubs/values")]
    [InlineData("https://h/hubs/values?x=1", "wss://h/hubs/values?x=1")]
    public void ToWebSocketUri_HttpScheme_MapsToWebSocketScheme(string from, string to)
    {
        Assert.Equal(new Uri(to), WebSocketConnectionFactory.ToWebSocketUri(new Uri(from)));
    }

    [Fact]
    public async Task HubConnection_OverTheFactory_InvokesAndReceivesPushes()
    {
        var builder = new HubConnectionBuilder();
        builder.Services.AddSingleton<IConnectionFactory>(new WebSocketConnectionFactory(new Dictionary<string, string>(), TestTimeouts.Safety));
        builder.Services.AddSingleton<EndPoint>(new UriEndPoint(new Uri(_base, "hubs/echo")));
        await using var hub = builder.Build();
        var pushed = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        hub.On<string>("Echoed", pushed.SetResult);
        var closed = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
        hub.Closed += e =>
        {
            closed.SetResult(e);
            return Task.CompletedTask;
        };

        await hub.StartAsync().Within();
        var answer = await hub.InvokeAsync<string>("Echo", "ping").Within();
        await hub.StopAsync().Within();

        Assert.Equal("ping!", answer);
        Assert.Equal("ping", await pushed.Task.Within());
        Assert.Null(await closed.Task.Within());
    }

    /// <summary>A hub that answers and pushes, to prove the transport under a real HubConnection.</summary>
    public sealed class EchoHub : Hub
    {
        public async Task<string> Echo(string text)
        {
            await Clients.Caller.SendAsync("Echoed", text);
            return text + "!";
        }
    }
}
