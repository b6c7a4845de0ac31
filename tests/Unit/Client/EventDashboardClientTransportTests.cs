using EventDashboard.Client;
using EventDashboard.Tests.Unit.TestSupport;
using EventDashboard.Web.Hubs.Internal;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.Extensions.DependencyInjection;

namespace EventDashboard.Tests.Unit.Client;

/// <summary>The transports and protocol the options name are the ones the server sees, and so is the access key.</summary>
public sealed class EventDashboardClientTransportTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private LoopbackServer Server => fixture.Server;

    [Theory]
    [InlineData(ClientTransport.WebSockets, ClientProtocol.Json, HttpTransportType.WebSockets, "json")]
    [InlineData(ClientTransport.ServerSentEvents, ClientProtocol.Json, HttpTransportType.ServerSentEvents, "json")]
    [InlineData(ClientTransport.LongPolling, ClientProtocol.Json, HttpTransportType.LongPolling, "json")]
    [InlineData(ClientTransport.WebSockets, ClientProtocol.MessagePack, HttpTransportType.WebSockets, "messagepack")]
    [InlineData(ClientTransport.LongPolling, ClientProtocol.MessagePack, HttpTransportType.LongPolling, "messagepack")]
    [InlineData(ClientTransport.Negotiate, ClientProtocol.Json, HttpTransportType.WebSockets, "json")]
    [InlineData(ClientTransport.ServerSentEvents | ClientTransport.LongPolling, ClientProtocol.Json, HttpTransportType.ServerSentEvents, "json")]
    [InlineData(ClientTransport.ServerSentEvents | ClientTransport.LongPolling, ClientProtocol.MessagePack, HttpTransportType.LongPolling, "messagepack")]
    public async Task Watch_TransportsAndProtocolChosen_ServerConnectionUsesThem(ClientTransport transport, ClientProtocol protocol, HttpTransportType expectedTransport, string expectedProtocol)
    {
        var name = ServerFixture.NewName();
        await Server.PutAsync(name, new { text = "ü", big = 12345678901234567890m });
        await using var client = Server.NewClient(transport, protocol);
        using var watcher = client.Value<Sample>(name).Watch();

        Assert.Equal(new Sample("ü", 12345678901234567890m), await watcher.GetAsync().Within());
        var connection = Server.Services.GetRequiredService<HubConnections>().All.Single(c => c.IsSubscribed(name));
        Assert.Equal(expectedTransport, connection.Transport);
        Assert.Equal(expectedProtocol, connection.ProtocolName);
    }

    [Theory]
    [InlineData(ClientTransport.WebSockets)]
    [InlineData(ClientTransport.ServerSentEvents)]
    [InlineData(ClientTransport.LongPolling)]
    [InlineData(ClientTransport.BlockingQueries)]
    public async Task AccessKey_AnyTransport_EveryRequestCarriesItAsABearerToken(ClientTransport transport)
    {
        await using var server = LoopbackServer.Start();
        await using var client = new EventDashboardClient(server.BaseAddress, new EventDashboardClientOptions { Transport = transport, AccessKey = "key-123" });
        var value = client.Value<int>("keyed");
        using var watcher = value.Watch();
        await value.SetAsync(1).Within();
        Assert.Equal(1, await watcher.GetAsync().Within());
        Assert.True(await client.DeleteAsync("keyed").Within());

        var requests = server.Requests;
        Assert.NotEmpty(requests);
        Assert.All(requests, r => Assert.True(r.Authorization == "Bearer key-123", $"{r.Method} {r.Path}{r.Query} carried '{r.Authorization}'"));
        if (transport != ClientTransport.BlockingQueries)
        {
            Assert.Contains(requests, r => r.Path == "/hubs/values/negotiate");
            Assert.Contains(requests, r => r.Path == "/hubs/values" && r.Query.Contains("client=dotnet", StringComparison.Ordinal));
        }
    }

    public sealed record Sample(string Text, decimal Big);
}
