using System.Text.Json;
using EventDashboard.Web.Api;
using EventDashboard.Web.Api.Internal;
using EventDashboard.Web.Auth;
using EventDashboard.Web.Auth.Internal;
using EventDashboard.Web.Hubs;
using EventDashboard.Web.Operations;
using EventDashboard.Web.Values;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace EventDashboard.Web;

/// <summary>Maps the EventDashboard host's endpoints.</summary>
public static class EventDashboardApplicationExtensions
{
    /// <summary>The path of the values hub.</summary>
    public const string HubPath = "/hubs/values";

    /// <summary>The response header that carries the store's identity, on every response.</summary>
    public const string StoreIdHeader = "X-Store-Id";

    /// <summary>
    /// The response header that says the server cannot follow its shared store now (<see cref="ValueRegistry.StaleReason"/>):
    /// what it answers may be behind. Absent otherwise.
    /// </summary>
    public const string StaleHeader = "X-Stale";

    /// <summary>The tag of the health checks that <c>/readyz</c> runs.</summary>
    internal const string ReadyTag = "ready";

    /// <summary>
    /// Adds ProblemDetails answers for unhandled errors and bare status codes, WebSockets and the
    /// <see cref="StoreIdHeader"/> header, and maps the values API (<c>/api/values</c>), backup (<c>/api/export</c>,
    /// <c>/api/import</c>), the hub (<see cref="HubPath"/>), <c>/healthz</c>, <c>/readyz</c>, <c>/openapi/v1.json</c> and, when
    /// <see cref="MetricsOptions.Prometheus"/> is on, <c>/metrics</c>.
    /// </summary>
    /// <param name="app">The application.</param>
    /// <returns>The application, for chaining.</returns>
    public static WebApplication MapEventDashboard(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var registry = app.Services.GetRequiredService<ValueRegistry>();

        // Added when the response starts, so error answers (which clear the headers first) carry it too.
        app.Use((context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                context.Response.Headers[StoreIdHeader] = registry.StoreId;
                if (registry.StaleReason is not null)
                {
                    context.Response.Headers[StaleHeader] = "true";
                }

                return Task.CompletedTask;
            });
            return next(context);
        });
        app.UseExceptionHandler();
        app.UseStatusCodePages();

        // Once the host is stopping, SignalR closes its connections; a client that reconnects at once would open a
        // new one before Kestrel stops listening, and Kestrel would wait for it until the shutdown timeout (30 s).
        // New hub and circuit connections are refused instead, and the client retries against the next server.
        var stopping = app.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        app.Use((context, next) =>
            stopping.IsCancellationRequested && (context.Request.Path.StartsWithSegments(HubPath) || context.Request.Path.StartsWithSegments("/_blazor"))
                ? Problems.Create(StatusCodes.Status503ServiceUnavailable, "Server stopping", "The server is shutting down; connect again in a moment.").ExecuteAsync(context)
                : next(context));
        app.UseWebSockets();
        app.UseAccessControl();

        var options = app.Services.GetRequiredService<IOptions<EventDashboardOptions>>().Value;
        app.MapValues();
        app.MapBackup();
        app.MapKeys();

        // Pushes stuck for SendTimeout close the connection (StalledSends, which counts it); until then they coalesce
        // (docs/API.md). The transport's own limit on one socket send is set beyond it, so the close is ours to see.
        // A client that asks for stateful reconnect gets its connection back after a dropped link, with the pushes it
        // missed.
        app.MapHub<ValuesHub>(HubPath, hub =>
        {
            hub.TransportSendTimeout = options.SendTimeout * 2;
            hub.AllowStatefulReconnects = true;
        }).RequireRole(AccessRole.Viewer);

        // Liveness: the process serves requests. Readiness: it can also take writes.
        // Probes need no credential: they say only whether the server is up and can write.
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = check => !check.Tags.Contains(ReadyTag) }).AllowAnonymous();
        app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag), ResponseWriter = WriteReport }).AllowAnonymous();
        app.MapOpenApi();
        app.MapEventDashboardMetrics();
        return app;
    }

    private static Task WriteReport(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(JsonSerializer.Serialize(
            new
            {
                status = report.Status.ToString(),
                checks = report.Entries.Select(e => new { name = e.Key, status = e.Value.Status.ToString(), description = e.Value.Description }),
            },
            JsonSerializerOptions.Web));
    }
}
