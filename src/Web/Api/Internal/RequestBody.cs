using System.Buffers;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Http.Features;

namespace EventDashboard.Web.Api.Internal;

/// <summary>Reads a request body up to a limit, so an oversized body is refused without buffering all of it.</summary>
internal static class RequestBody
{
    /// <returns>The body, or <see langword="null"/> when it is longer than <paramref name="limit"/> bytes.</returns>
    public static async Task<byte[]?> ReadAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit)
        {
            return null;
        }

        // Kestrel's own cap (30 MB by default) must not cut a body that our limit allows.
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = (long)limit + 1;
        }

        var reader = request.BodyReader;
        while (true)
        {
            ReadResult read;
            try
            {
                read = await reader.ReadAsync(cancellationToken);
            }
            catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
            {
                // Kestrel's cap above can trip before our own check sees the buffer pass the limit: a chunked
                // body may deliver more than one byte past it in one read. Either way the body is too large.
                return null;
            }

            if (read.Buffer.Length > limit)
            {
                reader.AdvanceTo(read.Buffer.End);
                return null;
            }

            if (read.IsCompleted || read.IsCanceled)
            {
                var body = read.Buffer.ToArray();
                reader.AdvanceTo(read.Buffer.End);
                return body;
            }

            // Nothing consumed, everything examined: the next read returns once more bytes arrived.
            reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
        }
    }
}
