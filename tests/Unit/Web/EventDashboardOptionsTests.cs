using EventDashboard.Web;

namespace EventDashboard.Tests.Unit.Web;

public sealed class EventDashboardOptionsTests
{
    [Theory]
    [InlineData("EventDashboard:HistoryLimit", "0", "HistoryLimit")]
    [InlineData("EventDashboard:MaxValueBytes", "-5", "MaxValueBytes")]
    [InlineData("EventDashboard:SendTimeout", "00:00:00", "SendTimeout")]
    [InlineData("Demo:Interval", "00:00:00", "Interval")]
    public async Task Start_InvalidSetting_FailsNamingIt(string key, string value, string property)
    {
        await using var factory = new SettingsFactory(key, value);

        var message = StartAssert.FailsValidation(factory);

        Assert.Contains(property, message, StringComparison.Ordinal);
    }

    [Fact]
    public void Defaults_MatchTheDocumentedLimits()
    {
        var options = new EventDashboardOptions();

        Assert.Equal(1000, options.HistoryLimit);
        Assert.Equal(1024 * 1024, options.MaxValueBytes);
        Assert.Equal(TimeSpan.FromSeconds(10), options.SendTimeout);
    }

    private sealed class SettingsFactory(string key, string value)
        : EventDashboardFactory(new Dictionary<string, string?> { [key] = value });
}
