using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Routing;
using Microsoft.AspNetCore.Components.Web;

namespace EventDashboard.Web.Dashboard;

/// <summary>The root component of the dashboard: the HTML document around the routed page.</summary>
public sealed partial class App
{
    [CascadingParameter]
    private HttpContext HttpContext { get; set; } = default!;

    // Interactive, except for a page marked [ExcludeFromInteractiveRouting] (sign-in). The "page not found" answer
    // is rendered without an endpoint, so it has no page type to ask about, and is interactive like the rest.
    private IComponentRenderMode? PageRenderMode =>
        HttpContext.GetEndpoint() is null || HttpContext.AcceptsInteractiveRouting() ? RenderMode.InteractiveServer : null;
}
