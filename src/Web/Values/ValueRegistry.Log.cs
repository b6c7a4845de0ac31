namespace EventDashboard.Web.Values;

public sealed partial class ValueRegistry
{
    [LoggerMessage(EventId = 1, EventName = "ValueCreated", Level = LogLevel.Information,
        Message = "Value {Name} created by {Source} from {Remote}")]
    private partial void LogCreated(string name, string source, string remote);

    [LoggerMessage(EventId = 2, EventName = "SetRejected", Level = LogLevel.Debug,
        Message = "Set of {Name} rejected ({Kind}): {Detail}")]
    private partial void LogRejected(string name, SetOutcomeKind kind, string detail);
}
