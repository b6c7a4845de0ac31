using EventDashboard.Client.Internal;

namespace EventDashboard.Tests.Unit.Client.Internal;

public sealed class ReconnectBackoffTests
{
    private static readonly TimeSpan Max = TimeSpan.FromSeconds(5);

    [Fact]
    public void Delay_FirstAttempt_IsImmediate()
    {
        Assert.Equal(TimeSpan.Zero, ReconnectBackoff.Delay(0, Max, 0.5));
    }

    [Theory]
    [InlineData(1, 100)]
    [InlineData(2, 200)]
    [InlineData(4, 800)]
    [InlineData(7, 5000)]
    [InlineData(1000, 5000)]
    public void Delay_WithoutJitter_DoublesUpToTheMaximum(int attempt, int expectedMs)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), ReconnectBackoff.Delay(attempt, Max, 0));
    }

    [Fact]
    public void Delay_WithJitter_ShortensByAtMostAQuarter()
    {
        var longest = ReconnectBackoff.Delay(3, Max, 0);
        var shortest = ReconnectBackoff.Delay(3, Max, 0.999999);

        Assert.True(shortest < longest);
        Assert.True(shortest > longest * 0.75 - TimeSpan.FromMilliseconds(1));
    }
}
