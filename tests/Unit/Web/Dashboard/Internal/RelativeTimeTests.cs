using EventDashboard.Web.Dashboard.Internal;

namespace EventDashboard.Tests.Unit.Web.Dashboard.Internal;

public sealed class RelativeTimeTests
{
    [Theory]
    [InlineData(-5, "just now")]
    [InlineData(0.4, "just now")]
    [InlineData(1, "1 s ago")]
    [InlineData(59.9, "59 s ago")]
    [InlineData(60, "1 min ago")]
    [InlineData(3599, "59 min ago")]
    [InlineData(7200, "2 h ago")]
    [InlineData(86400 * 3, "3 d ago")]
    public void Format_SecondsAgo_ShortEnglish(double secondsAgo, string expected)
    {
        var now = new DateTimeOffset(2026, 11, 22, 8, 0, 0, TimeSpan.Zero);

        Assert.Equal(expected, RelativeTime.Format(now.AddSeconds(-secondsAgo), now));
    }
}
