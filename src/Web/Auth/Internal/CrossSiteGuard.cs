using EventDashboard.Web.Api.Internal;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace EventDashboard.Web.Auth.Internal;

/// <summary>
/// Against cross-site requests and DNS rebinding. A browser attaches ambient authority (being on loopback in open
/// access, later a sign-in cookie) to requests any page makes, so for callers without a bearer credential it refuses
/// hub and Blazor connections, and every state-changing request, whose <c>Origin</c> is present and neither the
/// server's own nor configured. It also refuses a <c>Host</c> that <see cref="AccessMode.AcceptsHost"/> does not
/// accept. A bearer key is not ambient (a page cannot make the browser send it), so its callers are not affected.
/// </summary>
internal sealed class CrossSiteGuard : IMiddleware
{
    private const string BlazorPath = "/_blazor";

    private readonly AccessMode _mode;
    private readonly IOptionsMonitor<AuthOptions> _options;

    public CrossSiteGuard(AccessMode mode, IOptionsMonitor<AuthOptions> options)
    {
        _mode = mode;
        _options = options;
    }

    public Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var request = context.Request;
        if (!_mode.AcceptsHost(request.Host.Host))
        {
            return Problems.Create(
                StatusCodes.Status400BadRequest,
                "Host not allowed",
                $"This server does not answer for the host '{request.Host.Host}'. Use localhost, 127.0.0.1 or [::1], or configure {AuthOptions.SectionName}:AllowedHosts.")
                .ExecuteAsync(context);
        }

        var origin = request.Headers[HeaderNames.Origin].ToString();
        if (origin.Length > 0 && AccessPrincipal.From(context.User) is not { IsBearer: true } && IsSensitive(request) && !IsAllowed(origin, request))
        {
            return Problems.Create(
                StatusCodes.Status403Forbidden,
                "Cross-site request refused",
                $"A page from '{origin}' may not connect to or change this server. Open the dashboard from the server itself, send an access key as a bearer token, or add the origin to {AuthOptions.SectionName}:AllowedOrigins.")
                .ExecuteAsync(context);
        }

        return next(context);
    }

    private static bool IsSensitive(HttpRequest request) =>
        !(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method))
        || request.Path.StartsWithSegments(EventDashboardApplicationExtensions.HubPath)
        || request.Path.StartsWithSegments(BlazorPath);

    private bool IsAllowed(string origin, HttpRequest request) =>
        string.Equals(origin, $"{request.Scheme}://{request.Host}", StringComparison.OrdinalIgnoreCase)
        || _options.CurrentValue.AllowedOrigins.Contains(origin, StringComparer.OrdinalIgnoreCase);
}
