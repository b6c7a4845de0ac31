using System.Threading.Channels;
using EventDashboard.Client;
using EventDashboard.Protocol;
using EventDashboard.Tests.Unit.Client;
using EventDashboard.Tests.Unit.TestSupport;
using EventDashboard.Tests.Unit.TestSupport.Etcd;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace EventDashboard.Tests.Unit.Web.Hubs.Internal;

/// <summary>The hub's <c>StaleChanged</c> push, from a real server on a real etcd member that is killed and started again.</summary>
public sealed class StalePushesTests
{
    [Theory]
    [InlineData(ClientProtocol.Json)]
    [InlineData(ClientProtocol.MessagePack)]
    public async Task StaleChanged_EtcdLostThenBack_PushesTrueThenFalse(ClientProtocol protocol)
    {
        await using var cluster = await EtcdCluster.StartAsync();
        await using var server = LoopbackServer.StartEtcd(cluster.Endpoints, EtcdFixture.NewPrefix());
        var builder = new HubConnectionBuilder().WithUrl(new Uri(server.BaseAddress, "hubs/values"), HttpTransportType.WebSockets);
        if (protocol == ClientProtocol.MessagePack)
        {
            builder.AddMessagePackProtocol(o => o.SerializerOptions = MessagePackWire.SerializerOptions);
        }

        await using var connection = builder.Build();
        var pushes = Channel.CreateUnbounded<bool>();
        connection.On<bool>("StaleChanged", stale => pushes.Writer.TryWrite(stale));
        await connection.StartAsync().Within();

        await cluster.KillAsync(0);
        var lost = await pushes.Reader.ReadAsync().AsTask().Within();
        var reasonWhenLost = server.Registry.StaleReason;
        await cluster.RestartAsync(0);
        var back = await pushes.Reader.ReadAsync().AsTask().Within();

        Assert.True(lost);
        Assert.NotNull(reasonWhenLost);
        Assert.False(back);
        Assert.Null(server.Registry.StaleReason);
    }
}
