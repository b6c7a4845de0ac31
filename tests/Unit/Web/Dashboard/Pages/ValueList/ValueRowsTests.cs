using System.Text.Json;
using EventDashboard.Protocol;
using EventDashboard.Web.Dashboard.Pages.ValueList;

namespace EventDashboard.Tests.Unit.Web.Dashboard.Pages.ValueList;

public sealed class ValueRowsTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Update_SameVersionAgain_ReusesTheRowAndItsTexts()
    {
        var rows = new ValueRows();
        var first = rows.Update([Snapshot("app.a", 1, "{\"x\": \"é\"}", watchers: 0)])[0];
        var text = first.Text;

        var again = rows.Update([Snapshot("app.a", 1, "{\"x\": \"é\"}", watchers: 0)])[0];
        var watched = rows.Update([Snapshot("app.a", 1, "{\"x\": \"é\"}", watchers: 2)])[0];

        Assert.Same(first, again);
        Assert.NotSame(first, watched);
        Assert.Same(text, watched.Text);
        Assert.Equal(2, watched.Watchers);
        Assert.Equal("{\"x\":\"é\"}", text);
    }

    [Fact]
    public void Update_NewVersion_MakesANewRowWithTheNewText()
    {
        var rows = new ValueRows();
        var first = rows.Update([Snapshot("app.a", 1, "1", watchers: 0)])[0];
        Assert.Equal("1", first.Preview);

        var second = rows.Update([Snapshot("app.a", 2, "2", watchers: 0)])[0];

        Assert.Equal("2", second.Preview);
        Assert.Equal("2", second.Text);
    }

    [Theory]
    [InlineData("app.db.url", "app")]
    [InlineData("app", "")]
    [InlineData(".hidden", "")]
    [InlineData("a.", "a")]
    public void FolderOf_Name_IsTheFirstDotSeparatedSegment(string name, string folder) =>
        Assert.Equal(folder, ValueRow.FolderOf(name));

    private static ValueSnapshot Snapshot(string name, long version, string json, int watchers)
    {
        using var document = JsonDocument.Parse(json);
        return new ValueSnapshot(name, version, document.RootElement.Clone(), At.AddSeconds(version), watchers);
    }
}
