using System.Text.Json;
using EventDashboard.Protocol;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EventDashboard.Benchmarks.EndToEnd;

/// <summary>
/// The comparison: a plain SignalR server as it is usually written. Every Set is broadcast to every
/// connection with <c>Clients.All</c>, which never drops a message. <c>PUT /api/values/{name}</c> awaits the
/// broadcast (the usual code); <c>PUT /api/fire/{name}</c> does not (the other usual code).
/// </summary>
internal static class PlainServer
{
    public const string HubPath = "hubs/plain";

    public static async Task RunAsync(string[] args)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSignalR(o => o.MaximumReceiveMessageSize = 2 * 1024 * 1024);
        var app = builder.Build();
        app.UseWebSockets();
        app.MapHub<PlainHub>("/" + HubPath);
        long version = 0;
        app.MapGet("/healthz", () => "ok");
        app.MapPut("/api/values/{name}", async (string name, JsonElement value, IHubContext<PlainHub> hub) =>
        {
            var snapshot = new ValueSnapshot(name, Interlocked.Increment(ref version), value, DateTimeOffset.UtcNow, 0);
            await hub.Clients.All.SendAsync("ValueChanged", snapshot);
            return TypedResults.Ok(snapshot);
        });
        app.MapPut("/api/fire/{name}", (string name, JsonElement value, IHubContext<PlainHub> hub) =>
        {
            var snapshot = new ValueSnapshot(name, Interlocked.Increment(ref version), value, DateTimeOffset.UtcNow, 0);
            _ = hub.Clients.All.SendAsync("ValueChanged", snapshot);
            return TypedResults.Ok(snapshot);
        });
        await app.RunAsync();
    }

    /// <summary>A hub with no methods: connections only receive the broadcasts.</summary>
    internal sealed class PlainHub : Hub;
}
