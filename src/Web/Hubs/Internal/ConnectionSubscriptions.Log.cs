namespace EventDashboard.Web.Hubs.Internal;

internal sealed partial class ConnectionSubscriptions
{
    [LoggerMessage(EventId = 10, EventName = "HubDeliveryFailed", Level = LogLevel.Warning,
        Message = "Delivery of {Name} to hub connection {ConnectionId} stopped")]
    private partial void LogDeliveryFailed(string connectionId, string name, Exception exception);
}
