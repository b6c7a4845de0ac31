using System.Buffers;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Http.Features;

namespace EventDashboard.Web.Api.Internal;

/// <summary>
/// Reads a request body up to a limit, so an oversized body is refused without buffering all of it. A body that
/// cannot be read (malformed framing, too slow) throws <see cref="BadHttpRequestException"/>, answered by
/// <see cref="BadRequestHandler"/>.
/// </summary>
internal static class RequestBody
{
    /// <returns>The body, or <see langword="null"/> when it is longer than <paramref name="limit"/> bytes.</returns>
    public static async Task<byte[]?> ReadAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit)
        {
            return null;
        }

        // The loop below stops reading once the buffer passes the limit, so Kestrel's own cap is lifted: at 30 MB
        // by default it would cut a body our limit allows, and set near our limit it refused chunked bodies under
        // it (it counted more than the body's bytes).
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = null;
        }

        var reader = RequestBodyReader.For(request);
        while (true)
        {
            ReadResult read;
            try
            {
                read = await reader.ReadAsync(cancellationToken);
            }
            catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
            {
                // Only when the cap could not be lifted (the body was already being read): any other bad body is
                // left to BadRequestHandler.
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
