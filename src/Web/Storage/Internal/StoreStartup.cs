using EventDashboard.Web.Values;

namespace EventDashboard.Web.Storage.Internal;

/// <summary>
/// Opens the store before the server takes requests: hosted services start, in order, before Kestrel listens, and
/// this one is registered first. A store that cannot be opened stops the host with a <see cref="StoreOpenException"/>.
/// </summary>
internal sealed class StoreStartup(ValueRegistry registry) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => registry.OpenAsync(cancellationToken);

    // The registry closes the store when the container disposes it, after the server has drained its requests.
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
