namespace EventDashboard.Web.Operations;

internal sealed partial class StalledSends
{
    // Information, not Warning: a client that stops reading is the client's doing, and any client can cause it.
    [LoggerMessage(EventId = 40, EventName = "StalledConnectionClosed", Level = LogLevel.Information,
        Message = "Closed {Transport} connection {ConnectionId}: {Sends} push(es) to it took nothing for {Timeout}")]
    private partial void LogClosedStalled(string transport, string connectionId, int sends, TimeSpan timeout);
}
