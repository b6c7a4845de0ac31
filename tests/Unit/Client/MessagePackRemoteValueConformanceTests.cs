using EventDashboard.Client;

namespace EventDashboard.Tests.Unit.Client;

/// <summary>The remote value over the hub on WebSockets, with MessagePack.</summary>
public sealed class MessagePackRemoteValueConformanceTests(ServerFixture fixture)
    : RemoteValueConformanceTests(fixture, ClientTransport.WebSockets, ClientProtocol.MessagePack), IClassFixture<ServerFixture>;
