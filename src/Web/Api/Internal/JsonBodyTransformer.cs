using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace EventDashboard.Web.Api.Internal;

/// <summary>
/// Describes the JSON body of <c>PUT /api/values/{name}</c> in the OpenAPI document. The handler reads the body
/// itself (to enforce the size limit and answer 415 with a ProblemDetails), so the framework cannot infer it, and
/// declaring it with <c>Accepts</c> would make routing answer 415 before the handler could explain why.
/// </summary>
internal static class JsonBodyTransformer
{
    /// <summary>The endpoint metadata that marks an operation taking any JSON document as its body.</summary>
    public sealed class JsonDocumentBody;

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

        return Task.CompletedTask;
    }
}
