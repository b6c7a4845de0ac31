using MudBlazor;

namespace EventDashboard.Web.Dashboard.Pages.ValueDetails.History;

/// <summary>What became of a revert, shown above the history.</summary>
/// <param name="Kind">A stable word for tests and styles: <c>reverted</c>, <c>conflict</c> or <c>failed</c>.</param>
/// <param name="Severity">How the alert looks.</param>
/// <param name="Text">The sentence for the operator.</param>
internal sealed record HistoryNotice(string Kind, Severity Severity, string Text);
