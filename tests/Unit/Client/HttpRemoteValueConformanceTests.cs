using EventDashboard.Client;
using EventDashboard.Core;
using EventDashboard.Tests.Unit.Core;

namespace EventDashboard.Tests.Unit.Client;

/// <summary>The remote value over HTTP blocking queries (no WebSockets) keeps the same promises.</summary>
public sealed class HttpRemoteValueConformanceTests(ServerFixture fixture) : ValueConformanceTests<IValue<int>>, IClassFixture<ServerFixture>
{
    private EventDashboardClient _client = null!;

    public override Task InitializeAsync()
    {
        _client = new EventDashboardClient(fixture.Server.BaseAddress, new EventDashboardClientOptions { Transport = ClientTransport.HttpLongPolling });
        return Task.CompletedTask;
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await _client.DisposeAsync();
    }

    protected override Task<IValue<int>> CreateValueAsync() => Task.FromResult(_client.Value<int>(ServerFixture.NewName()));
}
