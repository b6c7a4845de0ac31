using EventDashboard.Web.Auth;
using EventDashboard.Web.Auth.Internal;
using EventDashboard.Web.Dashboard.Internal;
using MudBlazor.Services;

namespace EventDashboard.Web.Dashboard;

/// <summary>Registers and maps the live operator dashboard: interactive Blazor Server pages built with MudBlazor.</summary>
public static class DashboardExtensions
{
    /// <summary>The path of the API page (Swagger UI over the OpenAPI document).</summary>
    public const string ApiDocsPath = "api-docs";

    /// <summary>
    /// Adds the services the dashboard needs besides those of
    /// <see cref="EventDashboardServiceCollectionExtensions.AddEventDashboard"/> (the registry, the clock).
    /// </summary>
    /// <param name="services">The application's services.</param>
    /// <returns>The same services, for chaining.</returns>
    public static IServiceCollection AddDashboard(this IServiceCollection services)
    {
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddMudServices();
        services.AddScoped<DashboardAccess>();
        return services;
    }

    /// <summary>
    /// Serves the static assets (ours, blazor.web.js and MudBlazor's), maps the dashboard's pages as interactive
    /// server components, the API page at <see cref="ApiDocsPath"/>, and the "page not found" page for browsers.
    /// </summary>
    /// <param name="app">The application.</param>
    /// <returns>The same application, for chaining.</returns>
    public static WebApplication MapDashboard(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseSwaggerUI(swagger =>
        {
            swagger.RoutePrefix = ApiDocsPath;
            swagger.DocumentTitle = "EventDashboard API";
            swagger.SwaggerEndpoint("/openapi/v1.json", "EventDashboard");
        });
        app.UseAntiforgery();
        app.UseMiddleware<NotFoundHtmlPage>();

        // The scripts and styles hold no data, and the sign-in page needs them before anyone has signed in.
        app.MapStaticAssets().AllowAnonymous();
        app.MapSignIn();

        // Every page needs a Viewer; what a page lets its principal change is up to the page (DashboardAccess). A
        // browser without a principal is sent to the sign-in page, which alone is open to anyone.
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode().RequireRole(AccessRole.Viewer);
        return app;
    }
}
