namespace EventDashboard.Web.Auth.Internal;

internal sealed partial class AccessKeyAuthenticationHandler
{
    [LoggerMessage(EventId = 1, EventName = "UnknownAccessKey", Level = LogLevel.Information, Message = "A request from {Remote} presented an access key this server does not know.")]
    private static partial void LogUnknownKey(ILogger logger, System.Net.IPAddress? remote);

    [LoggerMessage(EventId = 2, EventName = "StaleSignIn", Level = LogLevel.Information, Message = "A sign-in cookie for {Name} no longer holds (a key revoked or given a new secret, or a person while single sign-on is off); the browser must sign in again.")]
    private static partial void LogStaleSignIn(ILogger logger, string name);
}
