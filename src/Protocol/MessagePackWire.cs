using EventDashboard.Protocol.Internal;
using MessagePack;
using MessagePack.Formatters;
using MessagePack.Resolvers;

namespace EventDashboard.Protocol;

/// <summary>
/// How the wire types travel in the hub's MessagePack protocol. The server and the .NET client both use these
/// options (<c>AddMessagePackProtocol(o =&gt; o.SerializerOptions = MessagePackWire.SerializerOptions)</c>), and so
/// must any other .NET program that talks MessagePack to the hub with a plain <c>HubConnection</c>.
/// </summary>
/// <remarks>
/// SignalR's own MessagePack defaults map a type's public properties by name (contractless), which suits every wire
/// type but one member: a value's JSON document (<see cref="System.Text.Json.JsonElement"/>), which has no properties
/// to map. It travels as a MessagePack string holding the JSON text exactly as the JSON protocol would carry it, so
/// large integers and number formats survive unchanged; <c>nil</c> stands for no document.
/// </remarks>
public static class MessagePackWire
{
    /// <summary>Gets the serializer options for the hub's MessagePack protocol, at both ends.</summary>
    public static MessagePackSerializerOptions SerializerOptions { get; } = MessagePackSerializerOptions.Standard
        .WithResolver(CompositeResolver.Create(
            [JsonElementFormatter.Instance],
            [DynamicEnumAsStringResolver.Instance, ContractlessStandardResolver.Instance]))
        .WithSecurity(MessagePackSecurity.UntrustedData);
}
