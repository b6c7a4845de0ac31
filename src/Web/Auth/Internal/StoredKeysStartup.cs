namespace EventDashboard.Web.Auth.Internal;

/// <summary>Puts the keys made at run time in force before the server takes requests; registered right after the store opens.</summary>
internal sealed class StoredKeysStartup(AccessKeys keys) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => keys.LoadAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
