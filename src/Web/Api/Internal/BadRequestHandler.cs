using Microsoft.AspNetCore.Diagnostics;

namespace EventDashboard.Web.Api.Internal;

/// <summary>
/// Answers a request the server could not read (malformed chunked framing, a body that arrives too slowly, one
/// over Kestrel's size cap) with a ProblemDetails carrying the framework's own 4xx status, instead of a 500.
/// Reading a body throws <see cref="BadHttpRequestException"/> for all of these, on any endpoint that reads one.
/// </summary>
/// <remarks>
/// The exception handler does not log an exception a handler took: the client caused it, and Kestrel already logs
/// the bad request at Debug.
/// </remarks>
internal sealed class BadRequestHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad || httpContext.Response.HasStarted)
        {
            return false;
        }

        var (title, detail) = Describe(bad);
        httpContext.Response.StatusCode = bad.StatusCode;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = { Status = bad.StatusCode, Title = title, Detail = detail },
        });
    }

    private static (string Title, string Detail) Describe(BadHttpRequestException exception) => exception.StatusCode switch
    {
        StatusCodes.Status408RequestTimeout => ("Request body too slow", $"{exception.Message} Nothing was changed."),
        StatusCodes.Status413PayloadTooLarge => ("Request body too large", $"{exception.Message} Nothing was changed."),
        _ => ("Malformed request", $"The request could not be read: {exception.Message} Nothing was changed."),
    };
}
