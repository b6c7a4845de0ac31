using EventDashboard.Protocol;
using EventDashboard.Web.Values;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EventDashboard.Web.Api.Internal;

/// <summary>The API's error answers: ProblemDetails with a title and a detail, one place for each kind.</summary>
internal static class Problems
{
    public static ProblemHttpResult Create(int statusCode, string title, string detail, IDictionary<string, object?>? extensions = null) =>
        TypedResults.Problem(detail, statusCode: statusCode, title: title, extensions: extensions);

    public static ProblemHttpResult BadParameter(string detail) =>
        Create(StatusCodes.Status400BadRequest, "Invalid request parameter", detail);

    public static ProblemHttpResult InvalidName(string name) =>
        Create(StatusCodes.Status400BadRequest, "Invalid value name", ValueName.Describe(name));

    public static ProblemHttpResult NotFound(string name, long version = 0) =>
        Create(
            StatusCodes.Status404NotFound,
            "Value not found",
            version == 0 ? $"'{name}' has never been set." : $"'{name}' was deleted at version {version}.");

    public static ProblemHttpResult UnsupportedMediaType(string? contentType) =>
        Create(
            StatusCodes.Status415UnsupportedMediaType,
            "Unsupported content type",
            $"The body must be JSON (Content-Type: application/json), but the Content-Type is '{contentType}'.");

    public static ProblemHttpResult TooLarge(long? byteCount, int limit) =>
        Create(
            StatusCodes.Status413PayloadTooLarge,
            "Value too large",
            byteCount is { } count
                ? $"The value is {count} bytes of JSON; the limit is {limit} bytes."
                : $"The value is larger than the limit of {limit} bytes.");

    /// <summary>The answer to a Set the registry rejected.</summary>
    public static ProblemHttpResult Rejected(SetOutcome outcome)
    {
        var detail = outcome.Detail ?? string.Empty;
        return outcome.Kind switch
        {
            SetOutcomeKind.Conflict => Create(
                StatusCodes.Status412PreconditionFailed,
                "Version mismatch",
                detail,
                new Dictionary<string, object?> { ["current"] = outcome.Snapshot }),
            SetOutcomeKind.InvalidName => Create(StatusCodes.Status400BadRequest, "Invalid value name", detail),
            SetOutcomeKind.InvalidJson => Create(StatusCodes.Status400BadRequest, "Invalid JSON", detail),
            SetOutcomeKind.TooLarge => Create(StatusCodes.Status413PayloadTooLarge, "Value too large", detail),
            SetOutcomeKind.NotFound => Create(StatusCodes.Status404NotFound, "Value not found", detail),
            SetOutcomeKind.Unavailable => Create(StatusCodes.Status503ServiceUnavailable, "Store unavailable", detail),
            _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome.Kind, "Not a rejection."),
        };
    }
}
