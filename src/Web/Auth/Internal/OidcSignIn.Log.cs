namespace EventDashboard.Web.Auth.Internal;

internal static partial class OidcSignIn
{
    [LoggerMessage(EventId = 1, EventName = "OidcSignedIn", Level = LogLevel.Information, Message = "A browser at {Remote} signed in to the dashboard through OpenID Connect as {Name} ({Role}).")]
    private static partial void LogSignedIn(ILogger logger, string name, AccessRole role, System.Net.IPAddress? remote);

    [LoggerMessage(EventId = 2, EventName = "OidcNoRole", Level = LogLevel.Information, Message = "{Name} signed in at the OpenID Connect provider from {Remote}, but no value of the claim '{RoleClaim}' maps to a role and no default role is set; refused.")]
    private static partial void LogNoRole(ILogger logger, string name, string roleClaim, System.Net.IPAddress? remote);

    [LoggerMessage(EventId = 3, EventName = "OidcSignInFailed", Level = LogLevel.Information, Message = "A browser at {Remote} could not sign in through OpenID Connect: {Reason}")]
    private static partial void LogFailed(ILogger logger, System.Net.IPAddress? remote, string reason);
}
