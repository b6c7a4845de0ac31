namespace EventDashboard.Web.Values;

public sealed partial class ValueRegistry
{
    [LoggerMessage(EventId = 1, EventName = "ValueCreated", Level = LogLevel.Information,
        Message = "Value {Name} created by {Source} from {Remote}")]
    private partial void LogCreated(string name, string source, string remote);

    [LoggerMessage(EventId = 2, EventName = "SetRejected", Level = LogLevel.Debug,
        Message = "Set of {Name} rejected ({Kind}): {Detail}")]
    private partial void LogRejected(string name, SetOutcomeKind kind, string detail);

    [LoggerMessage(EventId = 3, EventName = "CommitFailed", Level = LogLevel.Error,
        Message = "Writing to {Location} failed; {Count} Sets were refused and writes answer 503 until a write succeeds")]
    private partial void LogCommitFailed(string location, int count, Exception exception);

    [LoggerMessage(EventId = 4, EventName = "WritesResumed", Level = LogLevel.Warning,
        Message = "Writing to {Location} works again")]
    private partial void LogWritesResumed(string location);

    [LoggerMessage(EventId = 6, EventName = "CommitLoopFailed", Level = LogLevel.Critical,
        Message = "The commit loop failed; the server takes no more writes until it is restarted")]
    private partial void LogCommitLoopFailed(Exception exception);

    [LoggerMessage(EventId = 5, EventName = "Imported", Level = LogLevel.Information,
        Message = "Imported {Names} names, log up to index {LastIndex}")]
    private partial void LogImported(int names, long lastIndex);

    [LoggerMessage(EventId = 7, EventName = "CommitLost", Level = LogLevel.Debug,
        Message = "Another server committed first; {Count} Sets are checked and numbered again")]
    private partial void LogCommitLost(int count);

    [LoggerMessage(EventId = 8, EventName = "StoreStale", Level = LogLevel.Warning,
        Message = "The shared store is out of reach ({Reason}); reads are served from this server's copy, writes are refused")]
    private partial void LogStale(string reason);

    [LoggerMessage(EventId = 9, EventName = "StoreFollowedAgain", Level = LogLevel.Warning,
        Message = "The shared store is followed again; writes are taken")]
    private partial void LogFollowedAgain();
}
