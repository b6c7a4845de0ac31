namespace EventDashboard.Web.Storage.Internal;

/// <summary>What every durable store logs when it opens, with the same event ids whichever store it is.</summary>
internal static partial class StoreLog
{
    [LoggerMessage(EventId = 20, EventName = "StoreCreated", Level = LogLevel.Information,
        Message = "Created a new store {StoreId} in {Location}")]
    public static partial void Created(ILogger logger, string location, string storeId);

    [LoggerMessage(EventId = 21, EventName = "StoreOpened", Level = LogLevel.Information,
        Message = "Opened {Location} (store {StoreId}): {Names} names, log at index {LastIndex}, in {Elapsed}")]
    public static partial void Opened(ILogger logger, string location, string storeId, int names, long lastIndex, TimeSpan elapsed);
}
