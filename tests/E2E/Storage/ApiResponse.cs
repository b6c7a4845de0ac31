using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace EventDashboard.Tests.E2E.Storage;

/// <summary>One answer of the app, read whole.</summary>
/// <param name="Status">The status code.</param>
/// <param name="Body">The JSON body, or an undefined element when there is none.</param>
/// <param name="StoreId">The <c>X-Store-Id</c> header.</param>
/// <param name="Index">The <c>X-Index</c> header, when there is one.</param>
/// <param name="ContentType">The media type of the body.</param>
public sealed record ApiResponse(HttpStatusCode Status, JsonElement Body, string? StoreId, long? Index, string? ContentType)
{
    /// <summary>Gets a value indicating whether the status is 2xx.</summary>
    public bool IsSuccess => (int)Status is >= 200 and < 300;

    /// <summary>Gets the version of the snapshot in the body.</summary>
    public long Version => Body.GetProperty("version").GetInt64();

    /// <summary>Reads a response.</summary>
    /// <param name="response">The response.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>A task whose result is the answer.</returns>
    public static async Task<ApiResponse> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        var body = text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        return new ApiResponse(
            response.StatusCode,
            body,
            Header(response.Headers, "X-Store-Id"),
            Header(response.Headers, "X-Index") is { } index ? long.Parse(index, CultureInfo.InvariantCulture) : null,
            response.Content.Headers.ContentType?.MediaType);
    }

    /// <inheritdoc/>
    public override string ToString() => $"{(int)Status} {ContentType} {(Body.ValueKind == JsonValueKind.Undefined ? "(no body)" : Body.GetRawText())}";

    private static string? Header(HttpResponseHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}
