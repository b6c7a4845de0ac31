using System.Diagnostics;
using System.Globalization;
using EventDashboard.Client;
using EventDashboard.Web.Values;
using Microsoft.AspNetCore.Components;

namespace EventDashboard.Web.Dashboard.Pages.ValueList;

/// <summary>
/// The list of every value (<c>/</c>): filtered on the server by <c>?q=</c> for readers without JavaScript and
/// in place by wwwroot/dashboard/ValueList.js, which also keeps the rows live and adds new values.
/// </summary>
public sealed partial class ValueList
{
    /// <summary>Gets or sets the filter: only names that contain it (ignoring case) are listed.</summary>
    [SupplyParameterFromQuery]
    public string? Q { get; set; }

    /// <summary>Gets or sets a name to create (<c>?create=</c>, linked from the page of a value that does not exist yet).</summary>
    [SupplyParameterFromQuery(Name = "create")]
    public string? CreateName { get; set; }

    /// <summary>Gets or sets the posted create form.</summary>
    [SupplyParameterFromForm(FormName = "create")]
    public CreateForm? Create { get; set; }

    private IReadOnlyList<ValueSnapshot> All { get; set; } = [];

    private IReadOnlyList<ValueSnapshot> Visible { get; set; } = [];

    /// <inheritdoc/>
    protected override void OnInitialized()
    {
        Create ??= new CreateForm { Name = CreateName };
        All = Registry.List();
        Visible = string.IsNullOrEmpty(Q) ? All : [.. All.Where(s => s.Name.Contains(Q, StringComparison.OrdinalIgnoreCase))];
    }

    // The form starts folded; it opens to show an error or when a name to create was linked.
    private bool CreateOpen => Create?.Error is not null || CreateName is not null;

    private static string CountText(int count) =>
        string.Create(CultureInfo.InvariantCulture, $"{count} {(count == 1 ? "value" : "values")}");

    private async Task CreateValueAsync()
    {
        Debug.Assert(Create is not null, "OnInitialized runs before a form handler");
        var name = Create.Name?.Trim() ?? string.Empty;

        // Version 0 means "does not exist": creating never overwrites a value someone else made meanwhile.
        var outcome = await SetFromUiAsync(name, Create.Value, expectedVersion: 0);
        if (outcome.Succeeded)
        {
            ShowSaved(outcome.Snapshot!);
            return;
        }

        Create.Error = outcome.Kind == SetOutcomeKind.Conflict
            ? $"A value named '{name}' already exists. Open it to edit it, or choose another name."
            : outcome.Detail;
    }
}
