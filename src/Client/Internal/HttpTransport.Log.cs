using Microsoft.Extensions.Logging;

namespace EventDashboard.Client.Internal;

internal sealed partial class HttpTransport
{
    [LoggerMessage(EventId = 101, EventName = "PollFailed", Level = LogLevel.Warning, Message = "A blocking query for '{Name}' failed; retrying with backoff.")]
    private partial void LogPollFailed(string name, Exception exception);
}
