namespace EventDashboard.Web.Hubs.Internal;

internal sealed partial class HubConnections
{
    [LoggerMessage(EventId = 11, EventName = "HubConnectionClosedForKeyChange", Level = LogLevel.Information,
        Message = "Closed hub connection {ConnectionId}: the key '{KeyName}' it connected with was {Change}")]
    private partial void LogClosedForKeyChange(string connectionId, string keyName, string change);
}
