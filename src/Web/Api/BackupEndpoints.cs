using EventDashboard.Web.Api.Internal;
using EventDashboard.Web.Auth;
using EventDashboard.Web.Auth.Internal;
using EventDashboard.Web.Values;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace EventDashboard.Web.Api;

/// <summary>Backup and restore: <c>GET /api/export</c> and <c>POST /api/import</c> (JSON lines); see docs/API.md.</summary>
public static class BackupEndpoints
{
    // Room on an import line for what surrounds the value: index, name, times, source, remote, who.
    private const int LineOverheadBytes = 4096;

    /// <summary>Maps the backup routes.</summary>
    /// <param name="endpoints">The route builder.</param>
    /// <returns>The route group, for further conventions.</returns>
    public static RouteGroupBuilder MapBackup(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api").WithTags("Backup");
        group.MapGet("/export", Export)
            .RequireRole(AccessRole.Viewer)
            .RequireWholeStore()
            .WithSummary("Streams every value with its retained history as JSON lines: a header, then one Set per line in log order.")
            .Produces(StatusCodes.Status200OK, contentType: ExportFormat.ContentType);
        group.MapPost("/import", ImportAsync)
            .RequireWriter()
            .RequireWholeStore()
            .WithSummary("Loads an export into an empty store, all or nothing.")
            .WithMetadata(new JsonBodyTransformer.ExportLinesBody())
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return group;
    }

    private static ExportResult Export(ValueRegistry registry, TimeProvider time) => new(registry, time.GetUtcNow());

    private static async Task<Results<Ok<ImportSummary>, ProblemHttpResult>> ImportAsync(
        HttpRequest request, ValueRegistry registry, IOptions<EventDashboardOptions> options, CancellationToken cancellationToken)
    {
        var mediaType = request.ContentType?.Split(';')[0].Trim();
        if (!ExportFormat.ContentTypes.Contains(mediaType, StringComparer.OrdinalIgnoreCase))
        {
            return Problems.Create(
                StatusCodes.Status415UnsupportedMediaType,
                "Unsupported content type",
                $"An import is the JSON lines of an export (Content-Type: {ExportFormat.ContentType}), but the Content-Type is '{request.ContentType}'.");
        }

        // A backup is as large as the history it holds: Kestrel's 30 MB cap on a body does not apply to it.
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = null;
        }

        try
        {
            var records = ExportFormat.ReadAsync(RequestBodyReader.For(request), options.Value.MaxValueBytes + LineOverheadBytes, cancellationToken);
            var count = await registry.ImportAsync(records, cancellationToken);
            return TypedResults.Ok(new ImportSummary(count, registry.StoreId));
        }
        catch (InvalidDataException ex)
        {
            return Problems.Create(StatusCodes.Status400BadRequest, "Invalid import", $"{ex.Message} Nothing was imported.");
        }
        catch (StoreNotEmptyException ex)
        {
            return Problems.Create(StatusCodes.Status409Conflict, "Store not empty", ex.Message);
        }
        catch (StoreUnavailableException ex)
        {
            return Problems.Create(StatusCodes.Status503ServiceUnavailable, "Store unavailable", ex.Message);
        }
    }

    /// <summary>The answer to an import.</summary>
    /// <param name="Values">How many values exist after it.</param>
    /// <param name="StoreId">The store's identity (the importing server's own, not the exported one's).</param>
    internal sealed record ImportSummary(int Values, string StoreId);

    // Streams the export straight to the response body's pipe.
    internal sealed class ExportResult(ValueRegistry registry, DateTimeOffset now) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.ContentType = ExportFormat.ContentType;
            httpContext.Response.Headers.ContentDisposition = $"attachment; filename=\"eventdashboard-{registry.StoreId}.jsonl\"";
            return ExportFormat.WriteAsync(
                httpContext.Response.BodyWriter, registry.StoreId, now, registry.ExportAsync(httpContext.RequestAborted), httpContext.RequestAborted);
        }
    }
}
