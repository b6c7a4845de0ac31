using EventDashboard.Web.Dashboard.Shared;

namespace EventDashboard.Tests.Unit.Web.Dashboard.Shared;

public sealed class JsonCheckTests
{
    [Theory]
    [InlineData("{\n  \"a\": 1,\n}", "Line 3, column 1:")]
    [InlineData("[1, 2", "Line 1, column 6:")]
    [InlineData("{\"é😀\": x}", "Line 1, column 8:")]
    [InlineData("", "Line 1, column 1:")]
    public void Validate_NotJson_SaysOneBasedLineAndCharacterColumn(string draft, string start)
    {
        var error = JsonCheck.Validate(draft);

        Assert.NotNull(error);
        Assert.StartsWith(start, error, StringComparison.Ordinal);
        Assert.DoesNotContain("LineNumber", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("null")]
    [InlineData("{\"a\": [1, 2.5e10, \"x\"]}")]
    public void Validate_Json_ReturnsNull(string draft) => Assert.Null(JsonCheck.Validate(draft));

    [Fact]
    public void Format_Draft_KeepsNumbersAndTextAsWritten()
    {
        Assert.Equal(
            "{\n  \"n\": -12345678901234567890.000,\n  \"s\": \"a\\\"b\\\\c\\n é 😀\",\n  \"o\": {}\n}",
            JsonCheck.Format("{ \"n\" : -12345678901234567890.000, \"s\": \"a\\\"b\\\\c\\n \\u00e9 \\ud83d\\ude00\", \"o\": { } }"));
    }

    [Fact]
    public void Format_NotJson_ReturnsNull() => Assert.Null(JsonCheck.Format("{"));
}
