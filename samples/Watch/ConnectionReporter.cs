using EventDashboard.Client;
using EventDashboard.Core;
using Microsoft.Extensions.Hosting;

namespace EventDashboard.Samples.Watch;

/// <summary>Prints the state of the client's connection whenever it changes, so a server that is down shows as waiting.</summary>
internal sealed class ConnectionReporter(EventDashboardClient client) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var connection = client.Connection.Watch();
        try
        {
            while (true)
            {
                // The first Get is the state now, each later one the next change.
                Console.WriteLine(await connection.GetAsync(stoppingToken) switch
                {
                    ConnectionState.Connecting => "Waiting for the server (is it running? dotnet run --project src/Web); the client retries until it answers. Ctrl+C stops.",
                    ConnectionState.Reconnecting => "The server went away; waiting for it to come back.",
                    ConnectionState.Connected => "Connected.",
                    _ => "Closed.",
                });
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
