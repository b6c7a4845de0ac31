using System.Buffers;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace EventDashboard.Benchmarks.Storage;

/// <summary>
/// The body of <c>POST /api/import</c>, written line by line as it is sent (never held whole): the header
/// line, then <see cref="Values"/> x <see cref="SetsPerValue"/> Set lines in log order. Round r sets every
/// value once, to version r, so each value's versions increase and the log index runs 1, 2, 3… across all.
/// Each value is a <see cref="SetPayload"/> document with n = its log index.
/// </summary>
internal sealed class ImportStream : HttpContent
{
    // One second apart from this instant, in log order.
    private static readonly DateTimeOffset FirstSetAt = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    private const int FlushBytes = 64 * 1024;

    public ImportStream(int values, int setsPerValue)
    {
        Values = values;
        SetsPerValue = setsPerValue;
        Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson");
    }

    public int Values { get; }

    public int SetsPerValue { get; }

    /// <summary>Gets how many bytes have been sent so far.</summary>
    public long BytesWritten { get; private set; }

    /// <summary>The name of value <paramref name="value"/> (0-based): <c>v000000</c>, <c>v000001</c>, …</summary>
    public static string Name(int value) => "v" + value.ToString("D6", CultureInfo.InvariantCulture);

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>(FlushBytes * 2);
        await using var json = new Utf8JsonWriter(buffer);

        json.WriteStartObject();
        json.WriteString("format", "eventdashboard-export");
        json.WriteNumber("formatVersion", 1);
        json.WriteEndObject();
        EndLine(json, buffer);

        long index = 0;
        for (var version = 1; version <= SetsPerValue; version++)
        {
            for (var value = 0; value < Values; value++)
            {
                index++;
                json.WriteStartObject();
                json.WriteNumber("index", index);
                json.WriteString("name", Name(value));
                json.WriteNumber("version", version);
                json.WritePropertyName("value");
                json.WriteRawValue(SetPayload.Create(index), skipInputValidation: true);
                json.WriteString("setAt", FirstSetAt.AddSeconds(index));
                json.WriteString("source", "http");
                json.WriteNull("remote");
                json.WriteNull("who");
                json.WriteBoolean("deleted", false);
                json.WriteEndObject();
                EndLine(json, buffer);
                if (buffer.WrittenCount >= FlushBytes)
                {
                    await FlushAsync(stream, buffer, cancellationToken);
                }
            }
        }

        await FlushAsync(stream, buffer, cancellationToken);
    }

    protected override bool TryComputeLength(out long length)
    {
        // Sent chunked: the length is known only once it is written.
        length = 0;
        return false;
    }

    private static void EndLine(Utf8JsonWriter json, ArrayBufferWriter<byte> buffer)
    {
        json.Flush();
        buffer.Write("\n"u8);

        // Each line is its own JSON document: the writer starts over (into the same buffer) after each.
        json.Reset(buffer);
    }

    private async Task FlushAsync(Stream stream, ArrayBufferWriter<byte> buffer, CancellationToken cancellationToken)
    {
        await stream.WriteAsync(buffer.WrittenMemory, cancellationToken);
        BytesWritten += buffer.WrittenCount;
        buffer.ResetWrittenCount();
    }
}
