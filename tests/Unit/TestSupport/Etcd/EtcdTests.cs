namespace EventDashboard.Tests.Unit.TestSupport.Etcd;

/// <summary>The test classes that share one <see cref="EtcdFixture"/> (<c>[Collection(EtcdTests.Name)]</c>); xunit runs them one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class EtcdTests : ICollectionFixture<EtcdFixture>
{
    public const string Name = "etcd";
}
