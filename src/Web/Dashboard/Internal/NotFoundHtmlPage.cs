using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace EventDashboard.Web.Dashboard.Internal;

/// <summary>
/// Answers a browser that asks for a path nothing serves with the dashboard's "page not found" page and a 404,
/// instead of the API's ProblemDetails JSON. API clients, and every path under the API, hub and OpenAPI prefixes,
/// keep getting ProblemDetails. Runs after routing and the static files, so it sees only paths nothing matched.
/// </summary>
internal sealed class NotFoundHtmlPage(RequestDelegate next)
{
    private static readonly PathString[] MachinePaths = ["/api", "/hubs", "/openapi"];

    public Task InvokeAsync(HttpContext context)
    {
        if (context.GetEndpoint() is not null || !IsBrowserPageRequest(context.Request))
        {
            return next(context);
        }

        // App's router finds no page for the path and renders its NotFoundPage inside the layout.
        return new RazorComponentResult<App> { StatusCode = StatusCodes.Status404NotFound }.ExecuteAsync(context);
    }

    private static bool IsBrowserPageRequest(HttpRequest request) =>
        (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
        && !MachinePaths.Any(prefix => request.Path.StartsWithSegments(prefix, StringComparison.OrdinalIgnoreCase))
        && request.GetTypedHeaders().Accept.Any(accept => accept.MediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase));
}
