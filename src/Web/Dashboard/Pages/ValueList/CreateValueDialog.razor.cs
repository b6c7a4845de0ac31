using System.Text;
using EventDashboard.Protocol;
using EventDashboard.Web.Dashboard.Internal;
using EventDashboard.Web.Values;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using MudBlazor;

namespace EventDashboard.Web.Dashboard.Pages.ValueList;

/// <summary>
/// Creates a value: a name and a JSON document, each checked as the operator types (the JSON with the line and
/// column of its first error), then set with compare-and-set on "does not exist", so an existing value is never
/// overwritten. Errors stay in the dialog with the draft; on success the dialog closes with the new
/// <see cref="ValueSnapshot"/> as its result.
/// </summary>
public sealed partial class CreateValueDialog
{
    /// <summary>Gets or sets the name the dialog starts with.</summary>
    [Parameter]
    public string? InitialName { get; set; }

    /// <summary>Gets or sets the JSON text the dialog starts with (empty when not given).</summary>
    [Parameter]
    public string? InitialJson { get; set; }

    /// <summary>Gets or sets the note the history records with the Set, such as <c>clone of app.db v3</c>.</summary>
    [Parameter]
    public string? Note { get; set; }

    [CascadingParameter]
    private IMudDialogInstance Dialog { get; set; } = default!;

    [Inject]
    private ValueRegistry Registry { get; set; } = default!;

    [Inject]
    private DashboardAccess Access { get; set; } = default!;

    private string Name { get; set; } = string.Empty;

    private string Json { get; set; } = string.Empty;

    private string? NameError { get; set; }

    private string? JsonError { get; set; }

    private string? SaveError { get; set; }

    private bool Saving { get; set; }

    /// <inheritdoc/>
    protected override void OnInitialized()
    {
        // A prefilled draft (a clone) is checked at once; an empty one only once the operator types or creates.
        Name = InitialName ?? string.Empty;
        Json = InitialJson ?? string.Empty;
        if (Name.Length > 0)
        {
            CheckName(Name.Trim());
        }

        if (Json.Length > 0)
        {
            CheckJson();
        }
    }

    private void OnNameChanged(string? name)
    {
        Name = name ?? string.Empty;
        SaveError = null;
        var trimmed = Name.Trim();
        if (trimmed.Length == 0)
        {
            NameError = null;
            return;
        }

        CheckName(trimmed);
    }

    private void OnJsonChanged(string? json)
    {
        Json = json ?? string.Empty;
        SaveError = null;
        CheckJson();
    }

    // While typing, an existing name is reported at once; the Set itself is what decides, by compare-and-set.
    private void CheckName(string name)
    {
        if (!ValueName.IsValid(name))
        {
            NameError = ValueName.Describe(name);
        }
        else if (Access.RefuseWrite(name) is { } refusal)
        {
            // Checked before existence: a name outside the key's prefixes must not tell whether it exists.
            NameError = refusal;
        }
        else if (Registry.Get(name) is { } existing)
        {
            NameError = Exists(existing);
        }
        else
        {
            NameError = null;
        }
    }

    private void CheckJson() =>
        JsonError = string.IsNullOrWhiteSpace(Json)
            ? "Enter one JSON document (null is a valid one)."
            : JsonSyntax.Check(Json)?.ToString();

    private async Task OnKeyDownAsync(KeyboardEventArgs e)
    {
        if (e is { Key: "Enter", CtrlKey: true } or { Key: "Enter", MetaKey: true })
        {
            await CreateAsync();
        }
    }

    private void Cancel() => Dialog.Cancel();

    private async Task CreateAsync()
    {
        if (Saving)
        {
            return;
        }

        var name = Name.Trim();
        if (name.Length == 0)
        {
            NameError = "Enter a name.";
        }
        else
        {
            // The registry decides whether the name is free (compare-and-set below); this only checks its form.
            NameError = ValueName.IsValid(name) ? Access.RefuseWrite(name) : ValueName.Describe(name);
        }

        CheckJson();
        if (NameError is not null || JsonError is not null)
        {
            return;
        }

        Saving = true;
        try
        {
            // Compare-and-set on "does not exist": a value created meanwhile, by anyone, is a conflict, not overwritten.
            var origin = Access.Origin(Note);
            var outcome = await Registry.SetAsync(name, Encoding.UTF8.GetBytes(Json), origin, expectedVersion: 0);
            switch (outcome.Kind)
            {
                case SetOutcomeKind.Created:
                    Dialog.Close(DialogResult.Ok(outcome.Snapshot));
                    return;
                case SetOutcomeKind.Conflict:
                    NameError = outcome.Snapshot is { } current ? Exists(current) : $"'{name}' was created meanwhile. Choose another name.";
                    break;
                case SetOutcomeKind.InvalidName:
                    NameError = outcome.Detail;
                    break;
                case SetOutcomeKind.InvalidJson or SetOutcomeKind.TooLarge:
                    JsonError = outcome.Detail;
                    break;
                default:
                    SaveError = outcome.Detail ?? "The value was not created.";
                    break;
            }
        }
        finally
        {
            Saving = false;
        }
    }

    private static string Exists(ValueSnapshot existing) =>
        $"A value named '{existing.Name}' exists already (version {existing.Version}). Choose another name.";
}
