using System.Text.Json;
using EventDashboard.Protocol;
using MessagePack;

namespace EventDashboard.Tests.Unit.Protocol;

/// <summary>The wire types cross MessagePack whole, a value's JSON document byte for byte.</summary>
public sealed class MessagePackWireTests
{
    [Fact]
    public void Serialize_SnapshotWithLargeNumbersAndText_RoundTripsTheJsonTextExactly()
    {
        const string json = """{"big":123456789012345678901234567890,"f":1.50,"s":"ü\u2028"}""";
        var snapshot = new ValueSnapshot("a.b", 7, JsonDocument.Parse(json).RootElement, new DateTimeOffset(2026, 12, 1, 17, 0, 0, TimeSpan.FromHours(2)), 3, "store-1");

        var bytes = MessagePackSerializer.Serialize(snapshot, MessagePackWire.SerializerOptions);
        var back = MessagePackSerializer.Deserialize<ValueSnapshot>(bytes, MessagePackWire.SerializerOptions);

        Assert.Equal(json, back.Value.GetRawText());
        Assert.Equal(snapshot with { Value = back.Value }, back);
    }

    [Fact]
    public void Serialize_Snapshot_MapKeyedByPropertyNamesWithTheValueAsJsonText()
    {
        var snapshot = new ValueSnapshot("a", 1, JsonDocument.Parse("""{"x":[1,2]}""").RootElement, DateTimeOffset.UnixEpoch, 3, "st");

        var json = MessagePackSerializer.ConvertToJson(MessagePackSerializer.Serialize(snapshot, MessagePackWire.SerializerOptions));

        Assert.StartsWith("""{"Name":"a","Version":1,"Value":"{\"x\":[1,2]}","UpdatedAt":""", json, StringComparison.Ordinal);
        Assert.EndsWith(""","Watchers":3,"StoreId":"st","Stale":false}""", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Serialize_StaleSnapshot_RoundTripsTheMark()
    {
        var snapshot = new ValueSnapshot("a", 1, JsonDocument.Parse("1").RootElement, DateTimeOffset.UnixEpoch, 0, "st", Stale: true);

        var back = MessagePackSerializer.Deserialize<ValueSnapshot>(MessagePackSerializer.Serialize(snapshot, MessagePackWire.SerializerOptions), MessagePackWire.SerializerOptions);

        Assert.True(back.Stale);
    }

    [Fact]
    public void Deserialize_SnapshotFromAnOlderServerWithoutStale_IsNotStale()
    {
        var bytes = MessagePackSerializer.Serialize(
            new Dictionary<string, object> { ["Name"] = "x", ["Version"] = 1, ["Value"] = "1", ["UpdatedAt"] = DateTimeOffset.UnixEpoch, ["Watchers"] = 0, ["StoreId"] = "st" },
            MessagePackWire.SerializerOptions);

        var back = MessagePackSerializer.Deserialize<ValueSnapshot>(bytes, MessagePackWire.SerializerOptions);

        Assert.False(back.Stale);
        Assert.Equal(1, back.Version);
    }

    [Fact]
    public void Deserialize_MapWithAKeyTheTypeLacks_SkipsIt()
    {
        // What a client built before a field existed does with it: ValueDeletion stands in for such an older type.
        var bytes = MessagePackSerializer.Serialize(
            new Dictionary<string, object> { ["Name"] = "gone", ["Version"] = 4, ["DeletedAt"] = DateTimeOffset.UnixEpoch, ["Stale"] = true },
            MessagePackWire.SerializerOptions);

        var back = MessagePackSerializer.Deserialize<ValueDeletion>(bytes, MessagePackWire.SerializerOptions);

        Assert.Equal(new ValueDeletion("gone", 4, DateTimeOffset.UnixEpoch), back);
    }

    [Fact]
    public void SerializeJson_Snapshot_HasStaleOnlyWhenStale()
    {
        var snapshot = new ValueSnapshot("a", 1, JsonDocument.Parse("1").RootElement, DateTimeOffset.UnixEpoch, 0, "st");

        var fresh = JsonSerializer.Serialize(snapshot, JsonSerializerOptions.Web);
        var stale = JsonSerializer.Serialize(snapshot with { Stale = true }, JsonSerializerOptions.Web);

        Assert.DoesNotContain("stale", fresh, StringComparison.Ordinal);
        Assert.EndsWith(""","storeId":"st","stale":true}""", stale, StringComparison.Ordinal);
    }

    [Fact]
    public void Serialize_DeletionWithoutStoreId_RoundTrips()
    {
        var deletion = new ValueDeletion("gone", 4, DateTimeOffset.UnixEpoch);

        var back = MessagePackSerializer.Deserialize<ValueDeletion>(MessagePackSerializer.Serialize(deletion, MessagePackWire.SerializerOptions), MessagePackWire.SerializerOptions);

        Assert.Equal(deletion, back);
    }

    [Fact]
    public void Deserialize_ValueThatIsNotJson_ThrowsSayingSo()
    {
        var bytes = MessagePackSerializer.Serialize(new Dictionary<string, object> { ["Name"] = "x", ["Version"] = 1, ["Value"] = "{not json" }, MessagePackWire.SerializerOptions);

        var ex = Assert.Throws<MessagePackSerializationException>(() => MessagePackSerializer.Deserialize<ValueSnapshot>(bytes, MessagePackWire.SerializerOptions));

        Assert.Contains("not a JSON document", ex.ToString(), StringComparison.Ordinal);
    }
}
