using Microsoft.AspNetCore.SignalR;

namespace EventDashboard.Web.Hubs.Internal;

/// <summary>
/// The logger factory of the values hub's connection handler. SignalR logs every exception a hub method throws at
/// Error with its stack trace (event <c>FailedInvokingHubMethod</c>), the <see cref="HubException"/> of a CAS
/// conflict or a bad name included, so any client could flood the error log. This factory writes that event at
/// Debug when the exception is a <see cref="HubException"/>: the caller already got its message. Any other
/// exception is a server error and stays at Error.
/// </summary>
internal sealed class CallerErrorLoggerFactory(ILoggerFactory inner) : ILoggerFactory
{
    /// <summary>The category SignalR's hub dispatcher logs under.</summary>
    public const string DispatcherCategory = "Microsoft.AspNetCore.SignalR.Internal.DefaultHubDispatcher";

    /// <summary>The name of the event SignalR logs when a hub method throws.</summary>
    public const string FailedInvokingHubMethod = "FailedInvokingHubMethod";

    public ILogger CreateLogger(string categoryName)
    {
        var logger = inner.CreateLogger(categoryName);
        return categoryName == DispatcherCategory ? new CallerErrorLogger(logger) : logger;
    }

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    // The inner factory is the host's; the host disposes it.
    public void Dispose()
    {
    }

    private sealed class CallerErrorLogger(ILogger inner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (exception is HubException && eventId.Name == FailedInvokingHubMethod)
            {
                logLevel = LogLevel.Debug;
                if (!inner.IsEnabled(logLevel))
                {
                    return;
                }
            }

            inner.Log(logLevel, eventId, state, exception, formatter);
        }
    }
}
