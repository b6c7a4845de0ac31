namespace EventDashboard.Web.Dashboard.Internal;

internal sealed partial class RejectedFormPage
{
    [LoggerMessage(EventId = 1, EventName = "DashboardFormRejected", Level = LogLevel.Warning,
        Message = "Rejected a form post to {Path}: its antiforgery token is missing or invalid")]
    private static partial void LogFormRejected(ILogger logger, string path);
}
