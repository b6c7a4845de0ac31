using EventDashboard.Client;

namespace EventDashboard.Tests.Unit.Client;

/// <summary>The remote value over the hub on SignalR long polling.</summary>
public sealed class LongPollingRemoteValueConformanceTests(ServerFixture fixture)
    : RemoteValueConformanceTests(fixture, ClientTransport.LongPolling), IClassFixture<ServerFixture>;
