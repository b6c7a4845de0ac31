using System.Diagnostics;

namespace EventDashboard.Web.Dashboard.Internal;

/// <summary>A line-by-line diff of two texts (longest common subsequence), for comparing two versions.</summary>
internal static class LineDiff
{
    // The LCS table is (old + 1) x (new + 1) cells; beyond this many cells the diff shows a plain replace
    // instead, so that a huge document cannot make one page request allocate gigabytes.
    private const long MaxCells = 4_000_000;

    public static IReadOnlyList<DiffLine> Compute(string oldText, string newText)
    {
        ArgumentNullException.ThrowIfNull(oldText);
        ArgumentNullException.ThrowIfNull(newText);
        var a = oldText.Split('\n');
        var b = newText.Split('\n');
        if ((long)(a.Length + 1) * (b.Length + 1) > MaxCells)
        {
            return [.. a.Select(l => new DiffLine(DiffKind.Removed, l)), .. b.Select(l => new DiffLine(DiffKind.Added, l))];
        }

        // lcs[i, j] = length of the longest common subsequence of a[i..] and b[j..].
        var lcs = new int[a.Length + 1, b.Length + 1];
        for (var i = a.Length - 1; i >= 0; i--)
        {
            for (var j = b.Length - 1; j >= 0; j--)
            {
                lcs[i, j] = a[i] == b[j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
            }
        }

        var lines = new List<DiffLine>(Math.Max(a.Length, b.Length));
        int x = 0, y = 0;
        while (x < a.Length && y < b.Length)
        {
            if (a[x] == b[y])
            {
                lines.Add(new DiffLine(DiffKind.Same, a[x++]));
                y++;
            }
            else if (lcs[x + 1, y] >= lcs[x, y + 1])
            {
                lines.Add(new DiffLine(DiffKind.Removed, a[x++]));
            }
            else
            {
                lines.Add(new DiffLine(DiffKind.Added, b[y++]));
            }
        }

        lines.AddRange(a.Skip(x).Select(l => new DiffLine(DiffKind.Removed, l)));
        lines.AddRange(b.Skip(y).Select(l => new DiffLine(DiffKind.Added, l)));
        Debug.Assert(lines.Count(l => l.Kind != DiffKind.Added) == a.Length, "every old line appears once");
        return lines;
    }
}
