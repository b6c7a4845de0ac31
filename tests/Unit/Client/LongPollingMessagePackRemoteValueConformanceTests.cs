using EventDashboard.Client;

namespace EventDashboard.Tests.Unit.Client;

/// <summary>The remote value over the hub on long polling, with MessagePack (binary over HTTP).</summary>
public sealed class LongPollingMessagePackRemoteValueConformanceTests(ServerFixture fixture)
    : RemoteValueConformanceTests(fixture, ClientTransport.LongPolling, ClientProtocol.MessagePack), IClassFixture<ServerFixture>;
