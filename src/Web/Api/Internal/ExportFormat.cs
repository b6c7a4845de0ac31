using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using System.Text.Json;
using EventDashboard.Protocol;
using EventDashboard.Web.Values;

namespace EventDashboard.Web.Api.Internal;

/// <summary>
/// The backup format of <c>GET /api/export</c> and <c>POST /api/import</c>: JSON lines. The first line is a
/// header; every other line is one retained Set (or delete), in log order.
/// </summary>
internal static class ExportFormat
{
    public const string ContentType = "application/x-ndjson";
    public const string FormatName = "eventdashboard-export";
    public const int FormatVersion = 1;

    /// <summary>The content types an import accepts.</summary>
    public static readonly string[] ContentTypes = [ContentType, "application/jsonl", "application/json-lines"];

    private static readonly JsonSerializerOptions Json = JsonSerializerOptions.Web;

    /// <summary>Writes the header and every record, flushing as it goes, so the export is never whole in memory.</summary>
    public static async Task WriteAsync(PipeWriter output, string storeId, DateTimeOffset now, IAsyncEnumerable<SetRecord> records, CancellationToken cancellationToken)
    {
        WriteLine(output, new Header(FormatName, FormatVersion, storeId, now));
        await foreach (var record in records.WithCancellation(cancellationToken))
        {
            var entry = record.Entry;
            WriteLine(output, new Line(record.Index, record.Name, entry.Version, entry.Value, entry.SetAt, entry.Source, entry.Remote, entry.Who, entry.Deleted, entry.Note));
            if (output.UnflushedBytes > 64 * 1024)
            {
                await output.FlushAsync(cancellationToken);
            }
        }

        await output.FlushAsync(cancellationToken);
    }

    /// <summary>
    /// Reads the header and the records. A line that is not valid, or out of order (indexes and each name's versions
    /// must increase), is an <see cref="InvalidDataException"/> naming it. The registry checks the order again, but
    /// only this reader knows the line a user has to look at.
    /// </summary>
    /// <param name="input">The stream.</param>
    /// <param name="maxLineBytes">The longest line accepted.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The records.</returns>
    public static async IAsyncEnumerable<SetRecord> ReadAsync(PipeReader input, int maxLineBytes, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var number = 0;
        var sawHeader = false;
        long lastIndex = 0;
        var versions = new Dictionary<string, long>(StringComparer.Ordinal);
        while (true)
        {
            var read = await input.ReadAsync(cancellationToken);
            var buffer = read.Buffer;
            while (TryTakeLine(ref buffer, read.IsCompleted, out var line))
            {
                number++;
                if (line.Length > maxLineBytes)
                {
                    throw new InvalidDataException($"Line {number} is {line.Length} bytes; the longest line accepted is {maxLineBytes} bytes.");
                }

                if (IsBlank(line))
                {
                    continue;
                }

                if (!sawHeader)
                {
                    CheckHeader(line, number);
                    sawHeader = true;
                    continue;
                }

                var record = ParseLine(line, number);
                lastIndex = CheckOrder(record, number, lastIndex, versions);
                yield return record;
            }

            if (buffer.Length > maxLineBytes)
            {
                throw new InvalidDataException($"Line {number + 1} is longer than the {maxLineBytes} bytes accepted.");
            }

            input.AdvanceTo(buffer.Start, buffer.End);
            if (read.IsCompleted)
            {
                break;
            }
        }

        if (!sawHeader)
        {
            throw new InvalidDataException($"The import is empty: it must start with the header line of an export ({{\"format\":\"{FormatName}\",...}}).");
        }
    }

    private static bool TryTakeLine(ref ReadOnlySequence<byte> buffer, bool isLast, out ReadOnlySequence<byte> line)
    {
        if (buffer.PositionOf((byte)'\n') is { } end)
        {
            line = buffer.Slice(0, end);
            buffer = buffer.Slice(buffer.GetPosition(1, end));
            return true;
        }

        if (isLast && !buffer.IsEmpty)
        {
            line = buffer;
            buffer = buffer.Slice(buffer.End);
            return true;
        }

        line = default;
        return false;
    }

    private static bool IsBlank(ReadOnlySequence<byte> line)
    {
        foreach (var segment in line)
        {
            if (segment.Span.IndexOfAnyExcept(" \t\r"u8) >= 0)
            {
                return false;
            }
        }

        return true;
    }

    private static void CheckHeader(ReadOnlySequence<byte> line, int number)
    {
        var header = Deserialize<Header>(line, number);
        if (header.Format != FormatName)
        {
            throw new InvalidDataException($"Line {number} is not the header of an EventDashboard export: its format is '{header.Format}', not '{FormatName}'.");
        }

        if (header.FormatVersion != FormatVersion)
        {
            throw new InvalidDataException($"Line {number}: the export has format version {header.FormatVersion}; this server reads version {FormatVersion}.");
        }
    }

    private static SetRecord ParseLine(ReadOnlySequence<byte> line, int number)
    {
        var set = Deserialize<Line>(line, number);
        if (set.Name is null || set.Source is null || set.Value.ValueKind == JsonValueKind.Undefined || set.Index < 1 || set.Version < 1)
        {
            throw new InvalidDataException($"Line {number} is not a Set: it needs index and version (1 or more), name, value, setAt and source.");
        }

        if (!ValueName.IsValid(set.Name))
        {
            throw new InvalidDataException($"Line {number}: {ValueName.Describe(set.Name)}");
        }

        if (set.Deleted && set.Value.ValueKind != JsonValueKind.Null)
        {
            throw new InvalidDataException($"Line {number} is a delete, so its value must be null.");
        }

        return new SetRecord(set.Index, set.Name, new HistoryEntry(set.Version, set.Value, set.SetAt.ToUniversalTime(), set.Source, set.Remote, set.Who, set.Deleted, set.Note));
    }

    // Returns the line's index, the last one seen from now on.
    private static long CheckOrder(SetRecord record, int number, long lastIndex, Dictionary<string, long> versions)
    {
        if (record.Index <= lastIndex)
        {
            throw new InvalidDataException($"Line {number} has index {record.Index}, but an earlier line has index {lastIndex}: indexes must increase.");
        }

        var version = record.Entry.Version;
        if (versions.TryGetValue(record.Name, out var earlier) && version <= earlier)
        {
            throw new InvalidDataException(
                $"Line {number} has version {version} of '{record.Name}', but an earlier line has version {earlier}: a value's versions must increase.");
        }

        versions[record.Name] = version;
        return record.Index;
    }

    private static T Deserialize<T>(ReadOnlySequence<byte> line, int number)
    {
        try
        {
            var reader = new Utf8JsonReader(line, new JsonReaderOptions { MaxDepth = ValueRegistry.MaxValueDepth + 1 });
            return JsonSerializer.Deserialize<T>(ref reader, Json) ?? throw new JsonException("The line is null.");
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"Line {number} is not valid: {ex.Message}", ex);
        }
    }

    private static void WriteLine<T>(PipeWriter output, T line)
    {
        using (var writer = new Utf8JsonWriter(output))
        {
            JsonSerializer.Serialize(writer, line, Json);
        }

        output.Write("\n"u8);
    }

    private sealed record Header(string Format, int FormatVersion, string? StoreId, DateTimeOffset? ExportedAt);

    private sealed record Line(
        long Index, string Name, long Version, JsonElement Value, DateTimeOffset SetAt, string Source, string? Remote, string? Who, bool Deleted, string? Note = null);
}
