using EventDashboard.Client;

namespace EventDashboard.Tests.Unit.Client;

/// <summary>The remote value over the hub on WebSockets, with JSON.</summary>
public sealed class WebSocketsRemoteValueConformanceTests(ServerFixture fixture)
    : RemoteValueConformanceTests(fixture, ClientTransport.WebSockets), IClassFixture<ServerFixture>;
