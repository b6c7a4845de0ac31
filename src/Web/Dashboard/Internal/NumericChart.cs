using System.Globalization;
using System.Text.Json;
using EventDashboard.Protocol;

namespace EventDashboard.Web.Dashboard.Internal;

/// <summary>
/// The numbers of a value's history, oldest first, for a line chart: one point per numeric Set, with a few sparse
/// labels ("v12") so the axis stays readable however many points there are.
/// </summary>
/// <param name="Values">The numbers, oldest first.</param>
/// <param name="Versions">The version of each number.</param>
/// <param name="Labels">One label per point; most are empty.</param>
/// <param name="Min">The smallest number.</param>
/// <param name="Max">The largest number.</param>
internal sealed record NumericChart(double[] Values, long[] Versions, string[] Labels, double Min, double Max)
{
    // How many points get a version label; the others get an empty one.
    private const int LabelCount = 6;

    /// <summary>Gets how many points are drawn.</summary>
    public int Count => Values.Length;

    /// <summary>Gets the version of the leftmost point.</summary>
    public long FirstVersion => Versions[0];

    /// <summary>Gets the version of the rightmost point.</summary>
    public long LastVersion => Versions[^1];

    /// <summary>
    /// Charts the numeric entries of a history when its newest value is a number and at least two entries are;
    /// otherwise returns <see langword="null"/> (an object, a string, a delete: no chart).
    /// </summary>
    /// <param name="entriesNewestFirst">The history entries, newest first, as the registry returns them.</param>
    public static NumericChart? From(IEnumerable<HistoryEntry> entriesNewestFirst)
    {
        ArgumentNullException.ThrowIfNull(entriesNewestFirst);
        var entries = entriesNewestFirst.ToArray();
        if (entries is not [{ Deleted: false, Value.ValueKind: JsonValueKind.Number }, ..])
        {
            return null;
        }

        var points = new List<(long Version, double Number)>(entries.Length);
        for (var i = entries.Length - 1; i >= 0; i--)
        {
            // A number too large for a double (1e400) has no place on the axis.
            if (entries[i] is { Deleted: false, Value.ValueKind: JsonValueKind.Number } entry
                && entry.Value.TryGetDouble(out var number) && double.IsFinite(number))
            {
                points.Add((entry.Version, number));
            }
        }

        if (points.Count < 2)
        {
            return null;
        }

        var step = Math.Max(1, (points.Count - 1) / (LabelCount - 1));
        var labels = new string[points.Count];
        for (var i = 0; i < labels.Length; i++)
        {
            // The last point is always labelled; a step label just before it would overlap it.
            var last = labels.Length - 1;
            labels[i] = i == last || (i % step == 0 && last - i >= (step + 1) / 2)
                ? string.Create(CultureInfo.InvariantCulture, $"v{points[i].Version}")
                : string.Empty;
        }

        var values = points.Select(p => p.Number).ToArray();
        return new NumericChart(values, [.. points.Select(p => p.Version)], labels, values.Min(), values.Max());
    }
}
