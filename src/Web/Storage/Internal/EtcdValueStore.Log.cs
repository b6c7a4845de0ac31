namespace EventDashboard.Web.Storage.Internal;

internal sealed partial class EtcdValueStore
{
    [LoggerMessage(EventId = 32, EventName = "EtcdCommitLandedAfterAll", Level = LogLevel.Warning,
        Message = "etcd did not answer the commit of log {First}..{Last}, but reading it back shows it was applied; it is acknowledged.")]
    private partial void LogAmbiguousCommitLanded(long first, long last);

    [LoggerMessage(EventId = 33, EventName = "EtcdImportNotUndone", Level = LogLevel.Error,
        Message = "A failed import into {Location} could not be undone ({Reason}): the prefix holds part of it. Delete its keys before importing again.")]
    private partial void LogImportNotUndone(string location, string reason);
}
