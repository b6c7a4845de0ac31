namespace EventDashboard.Tests.Unit.TestSupport.Etcd;

/// <summary>
/// One single-member etcd for every test class in the <see cref="EtcdTests"/>; each test works under a key
/// prefix of its own (<see cref="NewPrefix"/>), so tests never see each other's keys.
/// </summary>
public sealed class EtcdFixture : IAsyncLifetime
{
    internal EtcdCluster Cluster { get; private set; } = null!;

    /// <summary>Gets the client URL of the one member.</summary>
    public string Endpoints => Cluster.Endpoints;

    public async Task InitializeAsync() => Cluster = await EtcdCluster.StartAsync(1);

    public async Task DisposeAsync() => await Cluster.DisposeAsync();

    /// <summary>A key prefix no other test uses.</summary>
    public static string NewPrefix() => "test-" + Guid.NewGuid().ToString("N") + "/";
}
