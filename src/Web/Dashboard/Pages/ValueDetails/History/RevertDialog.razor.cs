using System.Globalization;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace EventDashboard.Web.Dashboard.Pages.ValueDetails.History;

/// <summary>
/// The confirmation of a revert: the diff from the current value to the chosen version's. It only asks; the
/// history panel makes the Set once the operator confirms.
/// </summary>
public sealed partial class RevertDialog
{
    /// <summary>Gets or sets the value's name.</summary>
    [Parameter]
    [EditorRequired]
    public string Name { get; set; } = string.Empty;

    /// <summary>Gets or sets the version whose value would be set again.</summary>
    [Parameter]
    public long Version { get; set; }

    /// <summary>Gets or sets the current version, which the revert must still find (compare-and-set).</summary>
    [Parameter]
    public long CurrentVersion { get; set; }

    /// <summary>Gets or sets a value indicating whether the current version is a delete; the revert then sets the value again.</summary>
    [Parameter]
    public bool CurrentDeleted { get; set; }

    /// <summary>Gets or sets the current value, pretty-printed; empty when it is deleted.</summary>
    [Parameter]
    public string CurrentText { get; set; } = string.Empty;

    /// <summary>Gets or sets the chosen version's value, pretty-printed.</summary>
    [Parameter]
    public string TargetText { get; set; } = string.Empty;

    [CascadingParameter]
    private IMudDialogInstance Dialog { get; set; } = default!;

    private string CurrentLabel => string.Create(CultureInfo.InvariantCulture, $"v{CurrentVersion} (current{(CurrentDeleted ? ", deleted" : string.Empty)})");

    private string Summary => string.Create(
        CultureInfo.InvariantCulture,
        $"This sets '{Name}' to the value of version {Version}, as a new version {CurrentVersion + 1} recorded as \"revert of v{Version}\". It fails, and changes nothing, if the value changes before then.");

    private void Cancel() => Dialog.Cancel();

    private void Confirm() => Dialog.Close(DialogResult.Ok(true));
}
