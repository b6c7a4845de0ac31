using EventDashboard.Client;
using EventDashboard.Core;
using EventDashboard.Tests.Unit.Core;

namespace EventDashboard.Tests.Unit.Client;

/// <summary>The remote value over the hub keeps every promise of a MemoryValue, across a real network hop.</summary>
public sealed class RemoteValueConformanceTests(ServerFixture fixture) : ValueConformanceTests<IValue<int>>, IClassFixture<ServerFixture>
{
    private EventDashboardClient _client = null!;

    public override Task InitializeAsync()
    {
        _client = new EventDashboardClient(fixture.Server.BaseAddress);
        return Task.CompletedTask;
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await _client.DisposeAsync();
    }

    protected override Task<IValue<int>> CreateValueAsync() => Task.FromResult(_client.Value<int>(ServerFixture.NewName()));
}
