namespace EventDashboard.Web.Storage.Internal;

internal sealed partial class SqliteValueStore
{
    [LoggerMessage(EventId = 22, EventName = "StoreMigrated", Level = LogLevel.Information,
        Message = "Migrated {Path} from schema version {From} to {To}")]
    private partial void LogMigrated(string path, long from, int to);
}
