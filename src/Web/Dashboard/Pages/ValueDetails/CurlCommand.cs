namespace EventDashboard.Web.Dashboard.Pages.ValueDetails;

/// <summary>One ready command line for a value.</summary>
/// <param name="Kind">A stable key: <c>get</c>, <c>wait</c>, <c>events</c> or <c>put</c>.</param>
/// <param name="Label">What the command does, for people.</param>
/// <param name="Line">The command.</param>
internal sealed record CurlCommand(string Kind, string Label, string Line);
