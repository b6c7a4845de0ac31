using System.Globalization;
using System.Text;
using System.Text.Json;
using EventDashboard.Client;

namespace EventDashboard.Web.Dashboard.Internal;

/// <summary>
/// The line of a numeric value's history, as points of an SVG polyline in a
/// <see cref="Width"/> x <see cref="Height"/> view box: oldest on the left, higher values higher up.
/// </summary>
/// <param name="Points">The polyline's <c>points</c> attribute.</param>
/// <param name="Min">The smallest value drawn.</param>
/// <param name="Max">The largest value drawn.</param>
/// <param name="FirstVersion">The version of the leftmost point.</param>
/// <param name="LastVersion">The version of the rightmost point.</param>
/// <param name="Count">How many points are drawn.</param>
internal sealed record NumericChart(string Points, double Min, double Max, long FirstVersion, long LastVersion, int Count)
{
    public const int Width = 600;
    public const int Height = 120;

    /// <summary>Draws the numeric entries of a history, or returns <see langword="null"/> when fewer than two are numbers.</summary>
    /// <param name="entriesNewestFirst">The history entries, newest first, as the registry returns them.</param>
    public static NumericChart? From(IReadOnlyList<HistoryEntry> entriesNewestFirst)
    {
        ArgumentNullException.ThrowIfNull(entriesNewestFirst);
        var numbers = entriesNewestFirst
            .Where(e => e.Value.ValueKind == JsonValueKind.Number)
            .Reverse()
            .Select(e => (e.Version, Number: e.Value.GetDouble()))
            .ToArray();
        if (numbers.Length < 2)
        {
            return null;
        }

        var min = numbers.Min(n => n.Number);
        var max = numbers.Max(n => n.Number);

        // A flat line is drawn in the middle rather than dividing by a zero range.
        var range = max - min;
        var points = new StringBuilder();
        for (var i = 0; i < numbers.Length; i++)
        {
            var x = (double)i * Width / (numbers.Length - 1);
            var y = range == 0 ? Height / 2.0 : Height - ((numbers[i].Number - min) / range * Height);
            points.Append(CultureInfo.InvariantCulture, $"{x:0.#},{y:0.#} ");
        }

        return new NumericChart(points.ToString().TrimEnd(), min, max, numbers[0].Version, numbers[^1].Version, numbers.Length);
    }
}
