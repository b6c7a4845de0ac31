using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using MudBlazor;

namespace EventDashboard.Web.Dashboard.Pages.ValueDetails;

/// <summary>
/// The confirmation of a delete: its Delete button works only once the operator has typed the value's name. It
/// closes with <see cref="DialogResult.Ok{T}(T)"/> of <see langword="true"/>; the page then deletes.
/// </summary>
public sealed partial class DeleteValueDialog
{
    /// <summary>Gets or sets the value's name, which the operator must type.</summary>
    [Parameter]
    [EditorRequired]
    public string Name { get; set; } = string.Empty;

    /// <summary>Gets or sets the version the page shows, which the delete expects.</summary>
    [Parameter]
    public long Version { get; set; }

    [CascadingParameter]
    private IMudDialogInstance Dialog { get; set; } = default!;

    private string? Typed { get; set; }

    private bool Confirmed => string.Equals(Typed?.Trim(), Name, StringComparison.Ordinal);

    private void Confirm()
    {
        if (Confirmed)
        {
            Dialog.Close(DialogResult.Ok(true));
        }
    }

    private void Cancel() => Dialog.Cancel();

    private Task OnKeyDownAsync(KeyboardEventArgs e)
    {
        if (e.Key == "Enter")
        {
            Confirm();
        }

        return Task.CompletedTask;
    }
}
