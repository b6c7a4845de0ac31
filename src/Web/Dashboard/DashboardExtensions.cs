using EventDashboard.Web.Dashboard.Internal;

namespace EventDashboard.Web.Dashboard;

/// <summary>Registers and maps the live operator dashboard (<c>/</c> and <c>/values/{name}</c>).</summary>
public static class DashboardExtensions
{
    /// <summary>
    /// Adds the services the dashboard's server-rendered pages need, besides those of
    /// <see cref="EventDashboardServiceCollectionExtensions.AddEventDashboard"/> (the registry, the clock).
    /// </summary>
    /// <param name="services">The application's services.</param>
    /// <returns>The same services, for chaining.</returns>
    public static IServiceCollection AddDashboard(this IServiceCollection services)
    {
        // Static server rendering only: the Blazor client script is not available here (see docs/DASHBOARD.md).
        services.AddRazorComponents();
        return services;
    }

    /// <summary>
    /// Serves the web root (the dashboard's CSS, scripts and the npm-restored SignalR client), checks the
    /// antiforgery token of every posted form (explaining a rejected one) and maps the dashboard's pages.
    /// </summary>
    /// <param name="app">The application.</param>
    /// <returns>The same application, for chaining.</returns>
    public static WebApplication MapDashboard(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseStaticFiles();
        app.UseAntiforgery();
        app.UseMiddleware<RejectedFormPage>();
        app.UseMiddleware<NotFoundHtmlPage>();
        app.MapRazorComponents<App>();
        return app;
    }
}
