using Microsoft.AspNetCore.Diagnostics;

namespace EventDashboard.Web.Api.Internal;

/// <summary>
/// Gives the ProblemDetails the framework writes itself (unknown route, wrong method, unhandled exception) the
/// <c>detail</c> every error of this API carries.
/// </summary>
internal static class FrameworkProblems
{
    public static void AddDetail(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        if (problem.Detail is not null)
        {
            return;
        }

        var request = context.HttpContext.Request;
        problem.Detail = problem.Status switch
        {
            StatusCodes.Status404NotFound => $"Nothing is served at {request.Path}; see /openapi/v1.json for the routes.",
            StatusCodes.Status405MethodNotAllowed => $"{request.Method} is not allowed on {request.Path}.",
            _ when context.HttpContext.Features.Get<IExceptionHandlerFeature>() is not null =>
                "The server failed to handle this request; its log has the details under the traceId.",
            _ => $"The request to {request.Path} failed with status {problem.Status}.",
        };
    }
}
