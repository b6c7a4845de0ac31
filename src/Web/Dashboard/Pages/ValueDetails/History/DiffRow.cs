using EventDashboard.Web.Dashboard.Internal;

namespace EventDashboard.Web.Dashboard.Pages.ValueDetails.History;

/// <summary>
/// One row of a side-by-side diff: the old line on the left, the new line on the right. A line both texts share
/// fills both sides; in a changed block, removed and added lines are paired in order, and the longer side's
/// extra lines face an empty cell.
/// </summary>
/// <param name="Old">The old text's line, or <see langword="null"/> for an empty cell.</param>
/// <param name="New">The new text's line, or <see langword="null"/> for an empty cell.</param>
internal sealed record DiffRow(DiffLine? Old, DiffLine? New)
{
    /// <summary>Lays a line diff out as side-by-side rows.</summary>
    /// <param name="lines">The diff, as <see cref="LineDiff.Compute"/> returns it.</param>
    public static IReadOnlyList<DiffRow> Pair(IReadOnlyList<DiffLine> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var rows = new List<DiffRow>(lines.Count);
        var removed = new List<DiffLine>();
        var added = new List<DiffLine>();
        foreach (var line in lines)
        {
            switch (line.Kind)
            {
                case DiffKind.Removed:
                    removed.Add(line);
                    break;
                case DiffKind.Added:
                    added.Add(line);
                    break;
                default:
                    Flush();
                    rows.Add(new DiffRow(line, line));
                    break;
            }
        }

        Flush();
        return rows;

        void Flush()
        {
            for (var i = 0; i < Math.Max(removed.Count, added.Count); i++)
            {
                rows.Add(new DiffRow(i < removed.Count ? removed[i] : null, i < added.Count ? added[i] : null));
            }

            removed.Clear();
            added.Clear();
        }
    }
}
