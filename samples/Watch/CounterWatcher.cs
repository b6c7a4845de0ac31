using EventDashboard.Client;
using Microsoft.Extensions.Hosting;

namespace EventDashboard.Samples.Watch;

/// <summary>Sets a greeting, prints five values of the demo counter, and stops the program.</summary>
internal sealed class CounterWatcher(EventDashboardClient client, IHostApplicationLifetime lifetime) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            // Set a value: every watcher, in a browser or another program, sees it at once. It waits for the server.
            await client.Value<string>("sample.greeting").SetAsync($"hello from {Environment.MachineName}", stoppingToken);

            // Watch the demo counter: the first Get is the current value, each later one waits for a newer value.
            using var counter = client.Value<long>("demo.counter").Watch();
            for (var i = 0; i < 5; i++)
            {
                Console.WriteLine($"demo.counter = {await counter.GetAsync(stoppingToken)}");
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return;
        }

        lifetime.StopApplication();
    }
}
