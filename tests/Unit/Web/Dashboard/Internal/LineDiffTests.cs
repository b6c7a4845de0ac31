using EventDashboard.Web.Dashboard.Internal;

namespace EventDashboard.Tests.Unit.Web.Dashboard.Internal;

public sealed class LineDiffTests
{
    private static string Render(IEnumerable<DiffLine> lines) =>
        string.Join("|", lines.Select(l => (l.Kind switch { DiffKind.Added => "+", DiffKind.Removed => "-", _ => " " }) + l.Text));

    [Fact]
    public void Compute_SameText_AllLinesSame()
    {
        Assert.Equal(" a| b", Render(LineDiff.Compute("a\nb", "a\nb")));
    }

    [Fact]
    public void Compute_LineChangedInTheMiddle_RemovedThenAddedBetweenCommonLines()
    {
        Assert.Equal(" a|-b| c|+d", Render(LineDiff.Compute("a\nb\nc", "a\nc\nd")));
    }

    [Fact]
    public void Compute_EmptyOldText_OneRemovedEmptyLineAndAllNewLinesAdded()
    {
        Assert.Equal("-|+x|+y", Render(LineDiff.Compute(string.Empty, "x\ny")));
    }

    [Fact]
    public void Compute_TooManyLinesForTheTable_FallsBackToReplaceAll()
    {
        var big = string.Join('\n', Enumerable.Range(0, 2500));
        var lines = LineDiff.Compute(big, big + "\nmore");
        Assert.Equal(2500, lines.Count(l => l.Kind == DiffKind.Removed));
        Assert.Equal(2501, lines.Count(l => l.Kind == DiffKind.Added));
    }
}
