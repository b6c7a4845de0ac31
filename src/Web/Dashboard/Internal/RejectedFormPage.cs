using Microsoft.AspNetCore.Antiforgery;

namespace EventDashboard.Web.Dashboard.Internal;

/// <summary>
/// Answers a form post whose antiforgery token failed with wwwroot/dashboard/form-rejected.html and a 400.
/// Left to the Razor component endpoint, the answer would be a 400 with an empty body, which a browser shows as
/// a blank page. Runs after the antiforgery middleware, which validated the token (only for endpoints that ask
/// for it: the dashboard's forms, not the JSON API).
/// </summary>
internal sealed partial class RejectedFormPage(RequestDelegate next, IWebHostEnvironment environment, ILogger<RejectedFormPage> logger)
{
    private const string PagePath = "dashboard/form-rejected.html";

    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Features.Get<IAntiforgeryValidationFeature>() is not { IsValid: false })
        {
            await next(context);
            return;
        }

        LogFormRejected(logger, context.Request.Path);
        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.SendFileAsync(environment.WebRootFileProvider.GetFileInfo(PagePath), context.RequestAborted);
    }
}
