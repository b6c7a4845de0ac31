using EventDashboard.Web.Api;
using EventDashboard.Web.Hubs;
using Microsoft.Extensions.Options;

namespace EventDashboard.Web;

/// <summary>Maps the EventDashboard host's endpoints.</summary>
public static class EventDashboardApplicationExtensions
{
    /// <summary>The path of the values hub.</summary>
    public const string HubPath = "/hubs/values";

    /// <summary>
    /// Adds ProblemDetails answers for unhandled errors and bare status codes, WebSockets, and maps the values
    /// API (<c>/api/values</c>), the hub (<see cref="HubPath"/>), <c>/healthz</c> and <c>/openapi/v1.json</c>.
    /// </summary>
    /// <param name="app">The application.</param>
    /// <returns>The application, for chaining.</returns>
    public static WebApplication MapEventDashboard(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseWebSockets();

        var options = app.Services.GetRequiredService<IOptions<EventDashboardOptions>>().Value;
        app.MapValues();

        // A send stuck for this long closes the connection; until then pushes to it coalesce (docs/API.md).
        app.MapHub<ValuesHub>(HubPath, hub => hub.TransportSendTimeout = options.HubSendTimeout);
        app.MapHealthChecks("/healthz");
        app.MapOpenApi();
        return app;
    }
}
