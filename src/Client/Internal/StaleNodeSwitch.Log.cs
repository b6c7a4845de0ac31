using Microsoft.Extensions.Logging;

namespace EventDashboard.Client.Internal;

internal sealed partial class StaleNodeSwitch
{
    [LoggerMessage(EventId = 20, EventName = "LeftStaleNode", Level = LogLevel.Warning, Message = "{Server} cannot follow its store (stale); moving to {Target}, which is ready.")]
    private partial void LogLeftStaleNode(Uri server, Uri target);

    [LoggerMessage(EventId = 21, EventName = "NoReadyNode", Level = LogLevel.Warning, Message = "{Server} cannot follow its store (stale), and no other node is ready; staying on its copy.")]
    private partial void LogNoReadyNode(Uri server);
}
