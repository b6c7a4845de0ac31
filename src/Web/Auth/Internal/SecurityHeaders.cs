namespace EventDashboard.Web.Auth.Internal;

/// <summary>
/// Security headers on the dashboard's HTML pages: a Content-Security-Policy that allows only the server's own
/// scripts and connections, <c>X-Content-Type-Options: nosniff</c> and a Referrer-Policy. The API page (Swagger UI,
/// which needs inline scripts) and API answers are left as they are.
/// </summary>
internal sealed class SecurityHeaders : IMiddleware
{
    // MudBlazor sets inline styles on its elements, so styles allow 'unsafe-inline'; scripts do not. 'self' covers
    // the circuit's WebSocket to the same host. data: images are MudBlazor's icons.
    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
        "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'";

    private static readonly PathString ApiDocs = "/" + Dashboard.DashboardExtensions.ApiDocsPath;

    public Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (!context.Request.Path.StartsWithSegments(ApiDocs))
        {
            context.Response.OnStarting(AddHeaders, context.Response);
        }

        return next(context);
    }

    private static Task AddHeaders(object state)
    {
        var response = (HttpResponse)state;
        var headers = response.Headers;
        headers.XContentTypeOptions = "nosniff";
        if (response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) == true)
        {
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers["Referrer-Policy"] = "same-origin";
        }

        return Task.CompletedTask;
    }
}
