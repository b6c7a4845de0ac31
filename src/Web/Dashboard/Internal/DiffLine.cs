namespace EventDashboard.Web.Dashboard.Internal;

/// <summary>One line of a <see cref="LineDiff"/>.</summary>
/// <param name="Kind">Whether the line is in both texts, only the old one or only the new one.</param>
/// <param name="Text">The line, without its line break.</param>
internal sealed record DiffLine(DiffKind Kind, string Text);
