using EventDashboard.Web.Values;
using Microsoft.AspNetCore.SignalR;

namespace EventDashboard.Web.Hubs.Internal;

/// <summary>
/// Tells every hub connection when this server loses its shared store (etcd) and when it follows it again
/// (<see cref="HubMethods.StaleChanged"/>). Pushes of values cannot say it: while the store is lost, none come. A
/// client with other nodes to go to learns this way that its watchers sit on a copy that stopped changing.
/// </summary>
/// <remarks>
/// Newest only, like everything the hub sends: when flips come faster than a send, the next send carries the latest
/// state, so the last thing a connection hears is the state now. A connection opened while the server is stale
/// learns it from its <see cref="ValuesHub.Subscribe"/> answers (<c>Stale</c>), not from this push.
/// </remarks>
internal sealed class StalePushes(ValueRegistry registry, IHubContext<ValuesHub> hub) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var watcher = registry.WatchStale();
        while (!stoppingToken.IsCancellationRequested)
        {
            var stale = await watcher.GetAsync(stoppingToken);
            await hub.Clients.All.SendAsync(HubMethods.StaleChanged, stale, stoppingToken);
        }
    }
}
