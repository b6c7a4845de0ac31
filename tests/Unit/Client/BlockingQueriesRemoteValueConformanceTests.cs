using EventDashboard.Client;

namespace EventDashboard.Tests.Unit.Client;

/// <summary>The remote value over HTTP blocking queries, without the hub.</summary>
public sealed class BlockingQueriesRemoteValueConformanceTests(ServerFixture fixture)
    : RemoteValueConformanceTests(fixture, ClientTransport.BlockingQueries), IClassFixture<ServerFixture>;
