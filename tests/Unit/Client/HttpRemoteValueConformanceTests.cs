using EventDashboard.Client;

namespace EventDashboard.Tests.Unit.Client;

/// <summary>The remote value over HTTP blocking queries, without WebSockets.</summary>
public sealed class HttpRemoteValueConformanceTests(ServerFixture fixture)
    : RemoteValueConformanceTests(fixture, ClientTransport.BlockingQueries), IClassFixture<ServerFixture>;
