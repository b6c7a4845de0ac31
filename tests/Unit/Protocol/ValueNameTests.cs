using EventDashboard.Protocol;

namespace EventDashboard.Tests.Unit.Protocol;

public sealed class ValueNameTests
{
    [Theory]
    [InlineData("a")]
    [InlineData("demo.counter")]
    [InlineData("A-b_c.9")]
    [InlineData("...")]
    [InlineData(".hidden")]
    public void IsValid_AllowedCharacters_ReturnsTrue(string name)
    {
        Assert.True(ValueName.IsValid(name));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("has space")]
    [InlineData("slash/no")]
    [InlineData("ünicode")]
    public void IsValid_RejectedNames_ReturnsFalse(string? name)
    {
        Assert.False(ValueName.IsValid(name));
    }

    [Fact]
    public void IsValid_LengthLimit_AllowsAtMost128()
    {
        Assert.True(ValueName.IsValid(new string('a', ValueName.MaxLength)));
        Assert.False(ValueName.IsValid(new string('a', ValueName.MaxLength + 1)));
    }
}
