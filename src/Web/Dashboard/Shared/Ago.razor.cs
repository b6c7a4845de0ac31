using Microsoft.AspNetCore.Components;

namespace EventDashboard.Web.Dashboard.Shared;

/// <summary>A time shown as "12 s ago"; wwwroot/dashboard/time.js keeps it current in the browser.</summary>
public sealed partial class Ago
{
    /// <summary>Gets or sets when it happened.</summary>
    [Parameter]
    [EditorRequired]
    public DateTimeOffset At { get; set; }
}
