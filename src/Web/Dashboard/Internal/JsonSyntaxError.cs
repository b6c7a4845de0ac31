using System.Globalization;

namespace EventDashboard.Web.Dashboard.Internal;

/// <summary>Where a JSON text stops being valid, for a message next to the editor.</summary>
/// <param name="Line">The line, from 1.</param>
/// <param name="Column">The column in characters, from 1.</param>
/// <param name="Reason">What is wrong there, as one sentence.</param>
internal sealed record JsonSyntaxError(int Line, int Column, string Reason)
{
    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"Line {Line}, column {Column}: {Reason}");
}
