namespace EventDashboard.Web.Storage.Internal;

internal sealed partial class SqliteValueStore
{
    [LoggerMessage(EventId = 20, EventName = "StoreCreated", Level = LogLevel.Information,
        Message = "Created a new store {StoreId} in {Path}")]
    private partial void LogCreated(string path, string storeId);

    [LoggerMessage(EventId = 21, EventName = "StoreOpened", Level = LogLevel.Information,
        Message = "Opened {Path} (store {StoreId}): {Names} names, log at index {LastIndex}, in {Elapsed}")]
    private partial void LogOpened(string path, string storeId, int names, long lastIndex, TimeSpan elapsed);

    [LoggerMessage(EventId = 22, EventName = "StoreMigrated", Level = LogLevel.Information,
        Message = "Migrated {Path} from schema version {From} to {To}")]
    private partial void LogMigrated(string path, long from, int to);
}
