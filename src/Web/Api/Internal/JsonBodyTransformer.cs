using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace EventDashboard.Web.Api.Internal;

/// <summary>
/// Describes the bodies of <c>PUT /api/values/{name}</c> and <c>POST /api/import</c> in the OpenAPI document. The
/// handlers read the body themselves (to enforce limits and answer 415 with a ProblemDetails), so the framework
/// cannot infer it, and declaring it with <c>Accepts</c> would make routing answer 415 before the handler could
/// explain why (and refuse every content type but the declared one).
/// </summary>
internal static class JsonBodyTransformer
{
    /// <summary>The endpoint metadata that marks an operation taking any JSON document as its body.</summary>
    public sealed class JsonDocumentBody;

    /// <summary>The endpoint metadata that marks an operation taking the JSON lines of an export as its body.</summary>
    public sealed class ExportLinesBody;

    public static Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.Description.ActionDescriptor.EndpointMetadata.OfType<JsonDocumentBody>().Any())
        {
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Description = "The value: any one JSON document.",
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/json"] = new OpenApiMediaType { Schema = new OpenApiSchema() },
                },
            };
        }
        else if (context.Description.ActionDescriptor.EndpointMetadata.OfType<ExportLinesBody>().Any())
        {
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Description = "The JSON lines of an export: its header line, then one Set per line.",
                Content = ExportFormat.ContentTypes.ToDictionary(type => type, _ => new OpenApiMediaType { Schema = new OpenApiSchema() }),
            };
        }

        return Task.CompletedTask;
    }
}
