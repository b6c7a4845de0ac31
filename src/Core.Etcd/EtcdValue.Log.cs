using Microsoft.Extensions.Logging;

namespace EventDashboard.Core.Etcd;

public sealed partial class EtcdValue<T>
{
    [LoggerMessage(EventId = 10, EventName = "ValueUnreadable", Level = LogLevel.Warning,
        Message = "The etcd key {Key} at revision {Revision} is not JSON of the value's type ({Reason}); it is skipped.")]
    private partial void LogUnreadable(string key, long revision, string reason);
}
