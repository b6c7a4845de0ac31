using EventDashboard.Web.Dashboard.Internal;

namespace EventDashboard.Tests.Unit.Web.Dashboard.Internal;

public sealed class JsonSyntaxTests
{
    [Theory]
    [InlineData("null")]
    [InlineData(" {\"a\": [1, 2.5, \"é\", true]}\n")]
    [InlineData("\"text\"")]
    public void Check_OneDocument_ReturnsNull(string text) => Assert.Null(JsonSyntax.Check(text));

    [Theory]
    [InlineData("{\n  \"a\": x\n}", 2, 8)]
    [InlineData("{\"é\": x}", 1, 7)]
    [InlineData("[1, 2", 1, 6)]
    [InlineData("1 2", 1, 3)]
    [InlineData("", 1, 1)]
    [InlineData("{\r\n  \"a\": 1,\r\n  \"b\": nul\r\n}", 3, 11)]
    public void Check_BrokenText_SaysLineAndColumnFromOne(string text, int line, int column)
    {
        var error = JsonSyntax.Check(text);

        Assert.NotNull(error);
        Assert.Equal((line, column), (error.Line, error.Column));
        Assert.DoesNotContain("LineNumber", error.Reason, StringComparison.Ordinal);
        Assert.StartsWith($"Line {line}, column {column}: ", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Check_DeeperThanTheRegistryAllows_IsAnError()
    {
        var deep = new string('[', 100) + new string(']', 100);

        Assert.NotNull(JsonSyntax.Check(deep));
    }
}
