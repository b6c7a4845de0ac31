using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;

namespace EventDashboard.Client;

/// <summary>Options for an <see cref="EventDashboardClient"/>.</summary>
public sealed class EventDashboardClientOptions
{
    /// <summary>Gets how the client talks to the server. The default is <see cref="ClientTransport.WebSockets"/>.</summary>
    public ClientTransport Transport { get; init; } = ClientTransport.WebSockets;

    /// <summary>Gets request headers sent with the WebSocket upgrade and with every HTTP request, for example <c>Authorization</c>.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// Gets the longest wait between two reconnection attempts. Attempts start at once and double from
    /// 100 ms up to this, with jitter. The default is 5 seconds.
    /// </summary>
    public TimeSpan MaxReconnectDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets how long the server may hold one blocking query in <see cref="ClientTransport.HttpLongPolling"/> mode. The default is 30 seconds.</summary>
    public TimeSpan PollWait { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets the logger factory for the client's diagnostics, or <see langword="null"/> for none.</summary>
    public ILoggerFactory? LoggerFactory { get; init; }

    /// <summary>Gets a replacement for the WebSocket transport, for tests that need to control the byte stream.</summary>
    internal IConnectionFactory? ConnectionFactory { get; init; }

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(Headers, nameof(Headers));
        if (!Enum.IsDefined(Transport))
        {
            throw new ArgumentOutOfRangeException(nameof(Transport), Transport, "Unknown transport.");
        }

        if (MaxReconnectDelay <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxReconnectDelay), MaxReconnectDelay, "The reconnect delay must be positive.");
        }

        if (PollWait < TimeSpan.FromSeconds(1) || PollWait > TimeSpan.FromMinutes(10))
        {
            throw new ArgumentOutOfRangeException(nameof(PollWait), PollWait, "The poll wait must be between 1 second and 10 minutes (the server's maximum).");
        }
    }
}
