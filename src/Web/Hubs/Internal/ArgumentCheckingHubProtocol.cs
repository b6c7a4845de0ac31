using System.Buffers;
using System.Runtime.ExceptionServices;
using System.Text.Json;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;

namespace EventDashboard.Web.Hubs.Internal;

/// <summary>
/// A hub protocol that replaces the framework's "error binding arguments" with a <see cref="HubException"/> naming
/// the method and the argument that did not bind, and what it must be. SignalR sends a <see cref="HubException"/>'s
/// message to the caller; any other binding error reaches it only as "Failed to invoke 'Set' due to an error on
/// the server", which no one can act on.
/// </summary>
internal sealed class ArgumentCheckingHubProtocol : IHubProtocol
{
    private readonly IHubProtocol _inner;
    private readonly HubSignatures _hub;

    public ArgumentCheckingHubProtocol(IHubProtocol inner, HubSignatures hub)
    {
        _inner = inner;
        _hub = hub;
    }

    public string Name => _inner.Name;

    public int Version => _inner.Version;

    public TransferFormat TransferFormat => _inner.TransferFormat;

    public bool IsVersionSupported(int version) => _inner.IsVersionSupported(version);

    public void WriteMessage(HubMessage message, IBufferWriter<byte> output) => _inner.WriteMessage(message, output);

    public ReadOnlyMemory<byte> GetMessageBytes(HubMessage message) => _inner.GetMessageBytes(message);

    public bool TryParseMessage(ref ReadOnlySequence<byte> input, IInvocationBinder binder, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out HubMessage? message)
    {
        var before = input;
        if (!_inner.TryParseMessage(ref input, binder, out message))
        {
            return false;
        }

        if (message is InvocationBindingFailureMessage failure)
        {
            // Only the rare failing call pays for reading its frame a second time.
            var frame = before.Slice(0, before.GetOffset(input.Start) - before.GetOffset(before.Start));
            var reason = Explain(failure.Target, frame, failure.BindingFailure.SourceException);
            message = new InvocationBindingFailureMessage(failure.InvocationId, failure.Target, ExceptionDispatchInfo.Capture(new HubException(reason)));
        }

        return true;
    }

    private string Explain(string target, ReadOnlySequence<byte> frame, Exception error)
    {
        if (!_hub.TryGet(target, out var parameters))
        {
            return $"There is no hub method '{target}'. The methods are {string.Join(", ", _hub.Names.Order(StringComparer.Ordinal))}.";
        }

        var signature = _hub.Describe(target);
        if (TransferFormat != TransferFormat.Text || ReadArguments(frame) is not { } arguments)
        {
            return $"The arguments of {target} do not bind; it takes {signature}. ({error.Message})";
        }

        if (arguments.Count != parameters.Length)
        {
            return $"{target} takes {parameters.Length} argument(s), {signature}, but the call sent {arguments.Count}.";
        }

        for (var i = 0; i < parameters.Length; i++)
        {
            if (!Binds(arguments[i], parameters[i].ParameterType))
            {
                return $"Argument {i + 1} of {target}, {parameters[i].Name}, must be {HubSignatures.Describe(parameters[i].ParameterType)}, but it is {Preview(arguments[i])}. {target} takes {signature}.";
            }
        }

        return $"The arguments of {target} do not bind; it takes {signature}. ({error.Message})";
    }

    // The "arguments" of a JSON-protocol invocation frame (the frame ends with the record separator).
    private static List<JsonElement>? ReadArguments(ReadOnlySequence<byte> frame)
    {
        try
        {
            var json = frame.Length > 0 && frame.Slice(frame.Length - 1).FirstSpan[0] == 0x1e ? frame.Slice(0, frame.Length - 1) : frame;
            var reader = new Utf8JsonReader(json);
            using var document = JsonDocument.ParseValue(ref reader);
            return document.RootElement.TryGetProperty("arguments", out var arguments) && arguments.ValueKind == JsonValueKind.Array
                ? [.. arguments.EnumerateArray().Select(a => a.Clone())]
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static bool Binds(JsonElement argument, Type type)
    {
        try
        {
            JsonSerializer.Deserialize(argument, type);
            return !(argument.ValueKind == JsonValueKind.Null && type.IsValueType && Nullable.GetUnderlyingType(type) is null);
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException or InvalidOperationException)
        {
            return false;
        }
    }

    private static string Preview(JsonElement argument)
    {
        var text = argument.GetRawText();
        return text.Length <= 40 ? text : string.Concat(text.AsSpan(0, 40), "…");
    }
}
