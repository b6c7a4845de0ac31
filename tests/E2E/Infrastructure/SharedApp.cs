namespace EventDashboard.Tests.E2E.Infrastructure;

/// <summary>The tests that share one app process and one browser; they run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class SharedApp : ICollectionFixture<DashboardFixture>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "dashboard";
}
