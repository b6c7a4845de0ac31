namespace EventDashboard.Tests.Unit.Client;

/// <summary>One real server for all tests of a class; each test uses its own value names.</summary>
public sealed class ServerFixture : IAsyncLifetime
{
    internal LoopbackServer Server { get; private set; } = null!;

    public Task InitializeAsync()
    {
        Server = LoopbackServer.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await Server.DisposeAsync();

    /// <summary>A value name no other test uses.</summary>
    public static string NewName() => "test-" + Guid.NewGuid().ToString("N");
}
