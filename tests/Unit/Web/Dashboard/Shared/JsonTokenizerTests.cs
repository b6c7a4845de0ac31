using EventDashboard.Web.Dashboard.Shared;

namespace EventDashboard.Tests.Unit.Web.Dashboard.Shared;

public sealed class JsonTokenizerTests
{
    [Fact]
    public void Split_Document_ClassifiesEachTokenAndKeepsTheText()
    {
        const string Text = "{\n  \"k\\\"ey\": [1.5e3, \"v\", true, null],\n  \"x\": oops\n}";

        var tokens = JsonTokenizer.Split(Text);

        Assert.Equal(Text, string.Concat(tokens.Select(t => t.Text)));
        Assert.Contains(new JsonToken(JsonTokenKind.Key, "\"k\\\"ey\""), tokens);
        Assert.Contains(new JsonToken(JsonTokenKind.Number, "1.5e3"), tokens);
        Assert.Contains(new JsonToken(JsonTokenKind.String, "\"v\""), tokens);
        Assert.Contains(new JsonToken(JsonTokenKind.Literal, "null"), tokens);
        Assert.Contains(new JsonToken(JsonTokenKind.Plain, "oops"), tokens);
    }

    [Fact]
    public void Split_UnclosedString_EndsAtTheLineAndKeepsTheText()
    {
        const string Text = "[\"open\n1]";

        var tokens = JsonTokenizer.Split(Text);

        Assert.Equal(Text, string.Concat(tokens.Select(t => t.Text)));
        Assert.Contains(new JsonToken(JsonTokenKind.Number, "1"), tokens);
    }
}
