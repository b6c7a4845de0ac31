using Microsoft.AspNetCore.Components;

namespace EventDashboard.Web.Dashboard.Pages.ValueDetails;

/// <summary>The history of one value on its page.</summary>
public sealed partial class HistoryPanel
{
    /// <summary>Gets or sets the value's name.</summary>
    [Parameter]
    [EditorRequired]
    public string Name { get; set; } = string.Empty;

    /// <summary>Gets or sets the value's current version; the panel reloads when it changes.</summary>
    [Parameter]
    public long Version { get; set; }
}
