using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;

namespace EventDashboard.Web.Hubs.Internal;

/// <summary>
/// Gives <see cref="ValuesHub"/>'s connections the framework's protocols, each wrapped in an
/// <see cref="ArgumentCheckingHubProtocol"/>, so that a call whose arguments do not bind is answered with what was wrong.
/// </summary>
internal sealed class ArgumentCheckingProtocolResolver : IHubProtocolResolver
{
    private readonly IHubProtocolResolver _inner;
    private readonly Dictionary<IHubProtocol, ArgumentCheckingHubProtocol> _wrapped;

    public ArgumentCheckingProtocolResolver(IHubProtocolResolver inner)
    {
        _inner = inner;
        _wrapped = inner.AllProtocols.ToDictionary(p => p, p => new ArgumentCheckingHubProtocol(p, HubSignatures.Of<ValuesHub>()));
        AllProtocols = [.. _wrapped.Values];
    }

    public IReadOnlyList<IHubProtocol> AllProtocols { get; }

    public IHubProtocol? GetProtocol(string protocolName, IReadOnlyList<string>? supportedProtocols) =>
        _inner.GetProtocol(protocolName, supportedProtocols) is { } protocol
            ? _wrapped.GetValueOrDefault(protocol) ?? new ArgumentCheckingHubProtocol(protocol, HubSignatures.Of<ValuesHub>())
            : null;
}
