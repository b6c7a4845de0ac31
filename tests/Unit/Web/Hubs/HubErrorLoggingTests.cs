using EventDashboard.Tests.Unit.TestSupport;
using EventDashboard.Web.Hubs.Internal;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Logging;

namespace EventDashboard.Tests.Unit.Web.Hubs;

/// <summary>
/// A hub call the caller got wrong is not a server error: no Error entry for it, so clients cannot flood the error
/// log. A server error in a hub method still is one.
/// </summary>
public sealed partial class HubErrorLoggingTests(HubErrorLoggingTests.Factory factory) : WebAppTests(factory), IClassFixture<HubErrorLoggingTests.Factory>
{
    [Fact]
    public async Task Set_Conflict_IsAnsweredAndLogsNoError()
    {
        var name = NewName();
        Set(name, "1");
        await using var client = await RawHubClient.ConnectAsync(App.KestrelAddress);

        var conflict = await client.InvokeAsync("Set", name, 2, 5);
        var badName = await client.InvokeAsync("Subscribe", "not valid!");
        await client.InvokeResultAsync("List");

        Assert.True(conflict.TryGetProperty("error", out _));
        Assert.True(badName.TryGetProperty("error", out _));
        Assert.DoesNotContain(factory.Logs.Entries, entry => entry.Level >= LogLevel.Error);
    }

    [Fact]
    public void DispatcherLogger_HubException_IsWrittenAtDebug()
    {
        var (logs, logger) = CreateDispatcherLogger();

        FailedInvoking(logger, new HubException("Version mismatch."));

        var entry = Assert.Single(logs.Entries);
        Assert.Equal(LogLevel.Debug, entry.Level);
        Assert.IsType<HubException>(entry.Exception);
    }

    [Fact]
    public void DispatcherLogger_OtherException_StaysAtError()
    {
        var (logs, logger) = CreateDispatcherLogger();

        FailedInvoking(logger, new InvalidOperationException("A bug."));

        Assert.Equal(LogLevel.Error, Assert.Single(logs.Entries).Level);
    }

    [Fact]
    public void OtherCategory_HubException_StaysAtError()
    {
        var logs = new RecordingLoggerProvider();
        using var inner = LoggerFactory.Create(logging => logging.SetMinimumLevel(LogLevel.Debug).AddProvider(logs));
        var logger = new CallerErrorLoggerFactory(inner).CreateLogger("Some.Other.Category");

        FailedInvoking(logger, new HubException("Version mismatch."));

        Assert.Equal(LogLevel.Error, Assert.Single(logs.Entries).Level);
    }

    private static (RecordingLoggerProvider Logs, ILogger Logger) CreateDispatcherLogger()
    {
        var logs = new RecordingLoggerProvider();
        var inner = LoggerFactory.Create(logging => logging.SetMinimumLevel(LogLevel.Debug).AddProvider(logs));
        return (logs, new CallerErrorLoggerFactory(inner).CreateLogger(CallerErrorLoggerFactory.DispatcherCategory));
    }

    // What SignalR's dispatcher writes when a hub method throws.
    private static void FailedInvoking(ILogger logger, Exception exception) => FailedInvokingHubMethod(logger, "Set", exception);

    [LoggerMessage(8, LogLevel.Error, "Failed to invoke hub method '{HubMethod}'.", EventName = CallerErrorLoggerFactory.FailedInvokingHubMethod)]
    private static partial void FailedInvokingHubMethod(ILogger logger, string hubMethod, Exception exception);

    public sealed class Factory : EventDashboardFactory
    {
        public Factory()
        {
            StartKestrel();
        }

        internal RecordingLoggerProvider Logs { get; } = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureLogging(logging => logging.AddProvider(Logs));
        }
    }
}
