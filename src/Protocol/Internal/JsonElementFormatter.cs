using System.Runtime.InteropServices;
using System.Text.Json;
using MessagePack;
using MessagePack.Formatters;

namespace EventDashboard.Protocol.Internal;

/// <summary>A JSON document as a MessagePack string of its JSON text; see <see cref="MessagePackWire"/>.</summary>
internal sealed class JsonElementFormatter : IMessagePackFormatter<JsonElement>
{
    public static readonly JsonElementFormatter Instance = new();

    private JsonElementFormatter()
    {
    }

    public void Serialize(ref MessagePackWriter writer, JsonElement value, MessagePackSerializerOptions options)
    {
        if (value.ValueKind == JsonValueKind.Undefined)
        {
            writer.WriteNil();
            return;
        }

        // The element's own UTF-8 text, without a copy: what the JSON protocol would write, byte for byte.
        writer.WriteString(JsonMarshal.GetRawUtf8Value(value));
    }

    public JsonElement Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
    {
        if (reader.TryReadNil())
        {
            return default;
        }

        if (reader.ReadStringSequence() is not { } text)
        {
            return default;
        }

        // A document of its own, parsed with the same limits as the JSON protocol; it needs no disposing.
        var json = new Utf8JsonReader(text);
        try
        {
            return JsonElement.ParseValue(ref json);
        }
        catch (JsonException ex)
        {
            throw new MessagePackSerializationException("A value is not a JSON document.", ex);
        }
    }
}
