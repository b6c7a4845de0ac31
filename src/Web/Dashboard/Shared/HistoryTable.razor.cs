using EventDashboard.Client;
using Microsoft.AspNetCore.Components;

namespace EventDashboard.Web.Dashboard.Shared;

/// <summary>The Set history of a value: version, time, source (with the remote address when known), value and Revert.</summary>
public sealed partial class HistoryTable
{
    /// <summary>Gets or sets the entries, newest first.</summary>
    [Parameter]
    [EditorRequired]
    public IReadOnlyList<HistoryEntry> Entries { get; set; } = [];

    /// <summary>Gets or sets the current version, which gets no Revert button.</summary>
    [Parameter]
    public long CurrentVersion { get; set; }
}
