using EventDashboard.Client;

namespace EventDashboard.Tests.Unit.Client;

/// <summary>The remote value over the hub on Server-Sent Events.</summary>
public sealed class ServerSentEventsRemoteValueConformanceTests(ServerFixture fixture)
    : RemoteValueConformanceTests(fixture, ClientTransport.ServerSentEvents), IClassFixture<ServerFixture>;
