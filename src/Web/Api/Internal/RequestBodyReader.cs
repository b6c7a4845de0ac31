using System.IO.Pipelines;

namespace EventDashboard.Web.Api.Internal;

/// <summary>
/// A request's body reader that reports every failure to read the body as a <see cref="BadHttpRequestException"/>,
/// which <see cref="BadRequestHandler"/> answers with a 4xx ProblemDetails.
/// </summary>
/// <remarks>
/// Kestrel reports most malformed framing as a <see cref="BadHttpRequestException"/> with its status, but a chunk
/// size too large for a number (above 2^31) as a plain <see cref="IOException"/>; unhandled, that was a 500.
/// </remarks>
internal sealed class RequestBodyReader(PipeReader inner) : PipeReader
{
    /// <summary>Gets the body reader of <paramref name="request"/>, translating its failures.</summary>
    public static PipeReader For(HttpRequest request) => new RequestBodyReader(request.BodyReader);

    public override async ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            return await inner.ReadAsync(cancellationToken);
        }
        catch (IOException ex) when (ex is not BadHttpRequestException)
        {
            throw Malformed(ex);
        }
    }

    public override bool TryRead(out ReadResult result)
    {
        try
        {
            return inner.TryRead(out result);
        }
        catch (IOException ex) when (ex is not BadHttpRequestException)
        {
            throw Malformed(ex);
        }
    }

    public override void AdvanceTo(SequencePosition consumed) => inner.AdvanceTo(consumed);

    public override void AdvanceTo(SequencePosition consumed, SequencePosition examined) => inner.AdvanceTo(consumed, examined);

    public override void CancelPendingRead() => inner.CancelPendingRead();

    public override void Complete(Exception? exception = null) => inner.Complete(exception);

    private static BadHttpRequestException Malformed(IOException exception) =>
        new(exception.Message, StatusCodes.Status400BadRequest, exception);
}
