using EventDashboard.Client.Internal;
using EventDashboard.Tests.Unit.TestSupport;

namespace EventDashboard.Tests.Unit.Client.Internal;

/// <summary>The client's reading of the HTTP API's answers, against the real server.</summary>
public sealed class ValuesApiTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private LoopbackServer Server => fixture.Server;

    [Fact]
    public async Task PollAsync_DeletedValue_ReturnsTheDeleteVersionAsTheIndex()
    {
        var name = ServerFixture.NewName();
        await Server.PutAsync(name, 1);
        await Server.DeleteAsync(name);
        using var http = new HttpClient { BaseAddress = Server.BaseAddress };

        var (state, index) = await new ValuesApi(http, new ServerAddresses(Server.BaseAddress, [])).PollAsync(Server.BaseAddress, name, 0, TimeSpan.FromSeconds(1), CancellationToken.None).Within();

        // The next blocking query starts from the delete, so it waits for the next Set instead of returning at once.
        Assert.Equal(2, index);
        Assert.Equal(RemoteState.NotFound(2, Server.Registry.StoreId), state);
    }

    [Fact]
    public async Task GetAsync_NeverSet_ReturnsNotFoundAtVersionZeroWithTheStoreId()
    {
        using var http = new HttpClient { BaseAddress = Server.BaseAddress };

        var state = await new ValuesApi(http, new ServerAddresses(Server.BaseAddress, [])).GetAsync(ServerFixture.NewName(), CancellationToken.None).Within();

        Assert.Equal(RemoteState.NotFound(0, Server.Registry.StoreId), state);
    }
}
