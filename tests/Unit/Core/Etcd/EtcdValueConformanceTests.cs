using EventDashboard.Core.Etcd;
using EventDashboard.Tests.Unit.TestSupport.Etcd;

namespace EventDashboard.Tests.Unit.Core.Etcd;

/// <summary>An etcd-backed value keeps every promise of a MemoryValue, on a real etcd.</summary>
[Collection(EtcdTests.Name)]
public sealed class EtcdValueConformanceTests(EtcdFixture fixture) : ValueConformanceTests<EtcdValue<int>>
{
    private readonly EtcdConnection _connection = new(fixture.Endpoints);

    protected override Task<EtcdValue<int>> CreateValueAsync() =>
        Task.FromResult(new EtcdValue<int>(_connection, EtcdFixture.NewPrefix() + "value"));

    protected override async Task DestroyValueAsync(EtcdValue<int> value) => await value.DisposeAsync();

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _connection.Dispose();
    }
}
