namespace EventDashboard.Web.Auth.Internal;

internal static partial class SignInEndpoints
{
    [LoggerMessage(EventId = 1, EventName = "SignedIn", Level = LogLevel.Information, Message = "A browser at {Remote} signed in to the dashboard with the key {Name} ({Role}).")]
    private static partial void LogSignedIn(ILogger logger, string name, AccessRole role, System.Net.IPAddress? remote);

    [LoggerMessage(EventId = 2, EventName = "SignInRefused", Level = LogLevel.Information, Message = "A browser at {Remote} tried to sign in to the dashboard with an access key this server does not know.")]
    private static partial void LogUnknownKey(ILogger logger, System.Net.IPAddress? remote);

    [LoggerMessage(EventId = 3, EventName = "SignedOut", Level = LogLevel.Information, Message = "{Name} signed out of the dashboard.")]
    private static partial void LogSignedOut(ILogger logger, string name);
}
