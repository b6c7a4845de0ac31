using EventDashboard.Client;
using Microsoft.AspNetCore.Components;

namespace EventDashboard.Web.Dashboard.Shared;

/// <summary>One value in the list: name, preview, version, watchers and last update.</summary>
public sealed partial class ValueRow
{
    /// <summary>Gets or sets the value shown.</summary>
    [Parameter]
    [EditorRequired]
    public ValueSnapshot Snapshot { get; set; } = default!;
}
