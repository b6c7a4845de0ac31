using Microsoft.Extensions.Logging;

namespace EventDashboard.Client.Internal;

internal sealed partial class HubTransport
{
    [LoggerMessage(EventId = 1, EventName = "Connected", Level = LogLevel.Information, Message = "Connected to {Uri} (epoch {Epoch}).")]
    private partial void LogConnected(Uri uri, long epoch);

    [LoggerMessage(EventId = 2, EventName = "ConnectFailed", Level = LogLevel.Warning, Message = "Connecting to {Uri} failed (attempt {Attempt}); retrying in {Delay}.")]
    private partial void LogConnectFailed(Uri uri, int attempt, TimeSpan delay, Exception exception);

    [LoggerMessage(EventId = 3, EventName = "ConnectionLost", Level = LogLevel.Warning, Message = "The connection to {Uri} was lost; reconnecting.")]
    private partial void LogConnectionLost(Uri uri, Exception? exception);

    [LoggerMessage(EventId = 4, EventName = "SubscriptionFailed", Level = LogLevel.Error, Message = "The server refused to {Method} '{Name}'.")]
    private partial void LogSubscriptionFailed(string method, string name, Exception exception);

    [LoggerMessage(EventId = 5, EventName = "FollowFailed", Level = LogLevel.Warning, Message = "Subscribing on {Uri} failed; reconnecting.")]
    private partial void LogFollowFailed(Uri uri, Exception exception);
}
