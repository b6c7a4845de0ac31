using EventDashboard.Client;
using EventDashboard.Core;
using EventDashboard.Tests.Unit.Core;

namespace EventDashboard.Tests.Unit.Client;

/// <summary>
/// A remote value keeps every promise of a MemoryValue across a real network hop, over every transport and protocol:
/// each subclass names one.
/// </summary>
public abstract class RemoteValueConformanceTests(ServerFixture fixture, ClientTransport transport, ClientProtocol protocol = ClientProtocol.Json) : ValueConformanceTests<IValue<int>>
{
    private EventDashboardClient _client = null!;

    public override Task InitializeAsync()
    {
        _client = fixture.Server.NewClient(transport, protocol);
        return Task.CompletedTask;
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await _client.DisposeAsync();
    }

    protected override Task<IValue<int>> CreateValueAsync() => Task.FromResult(_client.Value<int>(ServerFixture.NewName()));
}
