using EventDashboard.Client;
using EventDashboard.Core;
using EventDashboard.Tests.Unit.TestSupport;
using EventDashboard.Web.Values;
using Microsoft.Extensions.DependencyInjection;

namespace EventDashboard.Tests.Unit.Client;

/// <summary>The client's access key against a server that checks keys, on every transport.</summary>
public sealed class EventDashboardClientAccessKeyTests
{
    private const string OperatorSecret = "client-test-operator-secret";

    private static LoopbackServer StartKeyedServer() => LoopbackServer.Start(
        ("EventDashboard:Auth:Keys:0:Name", "client-ops"),
        ("EventDashboard:Auth:Keys:0:Role", "Operator"),
        ("EventDashboard:Auth:Keys:0:Secret", OperatorSecret));

    private static EventDashboardClient NewClient(LoopbackServer server, ClientTransport transport, string? key, ClientProtocol protocol = ClientProtocol.Json) =>
        new(server.BaseAddress, new EventDashboardClientOptions
        {
            Transport = transport,
            Protocol = protocol,
            AccessKey = key,
            MaxReconnectDelay = TimeSpan.FromMilliseconds(200),
        });

    [Theory]
    [InlineData(ClientTransport.WebSockets, ClientProtocol.Json)]
    [InlineData(ClientTransport.WebSockets, ClientProtocol.MessagePack)]
    [InlineData(ClientTransport.ServerSentEvents, ClientProtocol.Json)]
    [InlineData(ClientTransport.LongPolling, ClientProtocol.Json)]
    [InlineData(ClientTransport.BlockingQueries, ClientProtocol.Json)]
    public async Task AccessKey_KnownOperatorKey_WatchesSetsAndIsRecordedAsWho(ClientTransport transport, ClientProtocol protocol)
    {
        await using var server = StartKeyedServer();
        await using var client = NewClient(server, transport, OperatorSecret, protocol);
        var value = client.Value<int>("keyed.value");
        using var watcher = value.Watch();

        await value.SetAsync(42).Within();

        Assert.Equal(42, await watcher.GetAsync().Within());
        var history = await server.Registry.GetHistoryAsync("keyed.value", 1).Within();
        Assert.Equal("client-ops", history!.Entries[0].Who);
    }

    [Theory]
    [InlineData(ClientTransport.WebSockets)]
    [InlineData(ClientTransport.ServerSentEvents)]
    [InlineData(ClientTransport.LongPolling)]
    [InlineData(ClientTransport.BlockingQueries)]
    public async Task AccessKey_UnknownKey_ConnectionSaysRefusedAndNothingIsWatched(ClientTransport transport)
    {
        await using var server = StartKeyedServer();
        Assert.True((await server.Registry.SetAsync("keyed.secret", "1"u8, new SetOrigin(SetSource.Http, null))).Succeeded);
        await using var client = NewClient(server, transport, "not-a-key");
        using var state = client.Connection.Watch();
        using var watcher = client.Value<int>("keyed.secret").Watch();
        var get = watcher.GetAsync().AsTask();

        await state.GetAsync(GetOptions<ConnectionState>.Where(s => s == ConnectionState.Refused)).Within();

        Assert.False(get.IsCompleted);
    }

    [Theory]
    [InlineData(ClientTransport.WebSockets)]
    [InlineData(ClientTransport.BlockingQueries)]
    public async Task AccessKey_None_ConnectionSaysRefused(ClientTransport transport)
    {
        await using var server = StartKeyedServer();
        await using var client = NewClient(server, transport, key: null);
        using var state = client.Connection.Watch();
        using var watcher = client.Value<int>("keyed.any").Watch();
        _ = watcher.GetAsync().AsTask();

        await state.GetAsync(GetOptions<ConnectionState>.Where(s => s == ConnectionState.Refused)).Within();
    }

    [Fact]
    public async Task AccessKey_RevokedWhileConnected_ConnectionSaysRefused()
    {
        await using var server = StartKeyedServer();
        var keys = server.Services.GetRequiredService<EventDashboard.Web.Auth.Internal.AccessKeys>();
        var (_, secret) = (await keys.CreateAsync("short-lived", EventDashboard.Web.Auth.AccessRole.Viewer, [], "test", CancellationToken.None).Within())!.Value;
        Assert.True((await server.Registry.SetAsync("keyed.revoked", "1"u8, new SetOrigin(SetSource.Http, null))).Succeeded);
        await using var client = NewClient(server, ClientTransport.WebSockets, secret);
        using var state = client.Connection.Watch();
        using var watcher = client.Value<int>("keyed.revoked").Watch();
        Assert.Equal(1, await watcher.GetAsync().Within());

        Assert.Equal(EventDashboard.Web.Auth.Internal.KeyRevocation.Revoked, await keys.RevokeAsync("short-lived", "test", CancellationToken.None).Within());

        // The server closes the connection; the client's next connect is refused.
        await state.GetAsync(GetOptions<ConnectionState>.Where(s => s == ConnectionState.Refused)).Within();
    }
}
