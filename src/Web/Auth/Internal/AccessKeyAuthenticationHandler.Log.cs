namespace EventDashboard.Web.Auth.Internal;

internal sealed partial class AccessKeyAuthenticationHandler
{
    [LoggerMessage(EventId = 1, EventName = "UnknownAccessKey", Level = LogLevel.Information, Message = "A request from {Remote} presented an access key this server does not know.")]
    private static partial void LogUnknownKey(ILogger logger, System.Net.IPAddress? remote);
}
