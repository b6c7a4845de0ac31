namespace EventDashboard.Web.Demo;

internal sealed partial class DemoValues
{
    [LoggerMessage(EventId = 20, EventName = "DemoStarted", Level = LogLevel.Information,
        Message = "Demo values demo.clock and demo.counter change every {Interval} (Demo:Enabled=false turns them off)")]
    private partial void LogStarted(TimeSpan interval);

    [LoggerMessage(EventId = 21, EventName = "DemoDisabled", Level = LogLevel.Information, Message = "Demo values are off")]
    private partial void LogDisabled();
}
