using System.Text.Json;
using EventDashboard.Protocol;
using EventDashboard.Web.Values;
using Google.Protobuf;

namespace EventDashboard.Web.Storage.Internal;

/// <summary>How the etcd store writes a <see cref="SetRecord"/> as the value of a log key: JSON, the value raw inside it.</summary>
internal static class EtcdRecords
{
    private static readonly JsonSerializerOptions Json = JsonSerializerOptions.Web;

    public static ByteString Write(SetRecord record) => ByteString.CopyFrom(JsonSerializer.SerializeToUtf8Bytes(new Stored(record.Index, record.Name, record.Entry), Json));

    public static SetRecord Read(ByteString bytes)
    {
        var stored = JsonSerializer.Deserialize<Stored>(bytes.Span, Json) ?? throw new InvalidDataException("An etcd log record is null.");
        return new SetRecord(stored.Index, stored.Name, stored.Entry);
    }

    /// <summary>The record as stored, with the history entry's JSON (the same field names as the export format's).</summary>
    private sealed record Stored(long Index, string Name, HistoryEntry Entry);
}
