using Microsoft.Extensions.Logging;

namespace EventDashboard.Core.Etcd.Internal;

internal sealed partial class WatchFeed
{
    [LoggerMessage(EventId = 1, EventName = "WatchBroken", Level = LogLevel.Warning,
        Message = "The etcd watch of {Key} broke at revision {Revision} (failure {Failures}): {Reason}. Resuming from there.")]
    private partial void LogBroken(string key, long revision, int failures, string reason);

    [LoggerMessage(EventId = 2, EventName = "WatchCompacted", Level = LogLevel.Warning,
        Message = "etcd compacted {Key} past revision {Revision} (to {CompactRevision}); reading it again.")]
    private partial void LogCompacted(string key, long revision, long compactRevision);
}
