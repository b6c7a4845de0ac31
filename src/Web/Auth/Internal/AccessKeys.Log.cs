namespace EventDashboard.Web.Auth.Internal;

// The audit of key management, whichever way it came (the API, the dashboard, the command line): who made or
// revoked which key. Never the secret.
internal sealed partial class AccessKeys
{
    [LoggerMessage(EventId = 1, EventName = "AccessKeyCreated", Level = LogLevel.Information, Message = "Access key {Name} ({Role}) was created by {Who}.")]
    private static partial void LogKeyCreated(ILogger logger, string name, AccessRole role, string? who);

    [LoggerMessage(EventId = 2, EventName = "AccessKeyRevoked", Level = LogLevel.Information, Message = "Access key {Name} was revoked by {Who}.")]
    private static partial void LogKeyRevoked(ILogger logger, string name, string? who);
}
