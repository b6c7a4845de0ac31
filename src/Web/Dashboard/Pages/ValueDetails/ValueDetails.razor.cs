using System.Globalization;
using EventDashboard.Client;
using EventDashboard.Web.Dashboard.Internal;
using EventDashboard.Web.Values;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http;

namespace EventDashboard.Web.Dashboard.Pages.ValueDetails;

/// <summary>
/// One value (<c>/values/{name}</c>): pretty JSON, version, watchers, an editor that is hidden until Edit and
/// saves with compare-and-set, and the Set history with a chart, a diff and revert. Forms post back to this
/// page, so reading and editing work without JavaScript; wwwroot/dashboard/ValueDetails.js makes it live.
/// </summary>
public sealed partial class ValueDetails
{
    // How many history rows the table (and the diff's version lists) show; the chart uses every retained Set.
    internal const int ShownHistory = 50;

    /// <summary>Gets or sets the value's name, from the route.</summary>
    [Parameter]
    public string Name { get; set; } = string.Empty;

    /// <summary>Gets or sets a value indicating whether the editor is open (<c>?edit=true</c>; the Edit link without JavaScript).</summary>
    [SupplyParameterFromQuery(Name = "edit")]
    public bool EditRequested { get; set; }

    /// <summary>Gets or sets the version a dashboard Set just made (<c>?saved=N</c> after the redirect).</summary>
    [SupplyParameterFromQuery(Name = "saved")]
    public long? Saved { get; set; }

    /// <summary>Gets or sets the older version of the diff.</summary>
    [SupplyParameterFromQuery(Name = "from")]
    public long? From { get; set; }

    /// <summary>Gets or sets the newer version of the diff.</summary>
    [SupplyParameterFromQuery(Name = "to")]
    public long? To { get; set; }

    /// <summary>Gets or sets the posted editor form; on a GET it is filled from the current value.</summary>
    [SupplyParameterFromForm(FormName = "set")]
    public DraftForm? Draft { get; set; }

    /// <summary>Gets or sets the posted revert form.</summary>
    [SupplyParameterFromForm(FormName = "revert")]
    public RevertForm? Revert { get; set; }

    private ValueSnapshot? Snapshot { get; set; }

    private ValueHistory? History { get; set; }

    private IReadOnlyList<HistoryEntry> ShownEntries => History is null ? [] : [.. History.Entries.Take(ShownHistory)];

    private bool Editing { get; set; }

    /// <summary>Gets the newer snapshot that made a Save fail, shown next to the kept draft.</summary>
    private ValueSnapshot? Conflict { get; set; }

    private long DraftBase { get; set; }

    private string? Error { get; set; }

    private string? RevertError { get; set; }

    // The editor fits the draft, within reason: a one-line number gets a small box, a big document scrolls.
    private int DraftRows => Math.Clamp((Draft?.Value?.Count(c => c == '\n') ?? 0) + 2, 4, 24);

    private string EditLink => ValueLinks.Details(Name) + "?edit=true";

    private string HistorySummary =>
        History is null
            ? string.Empty
            : string.Create(CultureInfo.InvariantCulture, $"{History.Entries.Count} retained {(History.Entries.Count == 1 ? "Set" : "Sets")}, from version {History.OldestVersion}");

    /// <inheritdoc/>
    protected override async Task OnInitializedAsync()
    {
        if (!ValueName.IsValid(Name))
        {
            RespondWith(StatusCodes.Status400BadRequest);
            return;
        }

        await LoadAsync();
        if (Snapshot is null)
        {
            RespondWith(StatusCodes.Status404NotFound);
            return;
        }

        Editing = EditRequested;
        Draft ??= new DraftForm { Value = JsonText.Pretty(Snapshot.Value), ExpectedVersion = Snapshot.Version };
    }

    private async Task LoadAsync()
    {
        Snapshot = Registry.Get(Name);
        History = Snapshot is null ? null : await Registry.GetHistoryAsync(Name, int.MaxValue);
    }

    private async Task SaveValueAsync()
    {
        if (Snapshot is null || Draft is null)
        {
            return;
        }

        var outcome = await SetFromUiAsync(Name, Draft.Value, Draft.ExpectedVersion);
        if (outcome.Succeeded)
        {
            ShowSaved(outcome.Snapshot!);
            return;
        }

        // Whatever went wrong, the operator's draft stays in the editor.
        Editing = true;
        if (outcome is { Kind: SetOutcomeKind.Conflict, Snapshot: { } current })
        {
            // Saving again now replaces the newer value on purpose: the operator has seen it.
            DraftBase = Draft.ExpectedVersion;
            Conflict = current;
            Draft.ExpectedVersion = current.Version;
            await LoadAsync();
            return;
        }

        Error = outcome.Detail;
    }

    private async Task RevertValueAsync()
    {
        if (Snapshot is null || History is null || Revert is null)
        {
            return;
        }

        var entry = History.Entries.FirstOrDefault(e => e.Version == Revert.Version);
        if (entry is null)
        {
            RevertError = string.Create(CultureInfo.InvariantCulture, $"Version {Revert.Version} is no longer in the retained history, so it cannot be restored.");
            return;
        }

        var outcome = await SetFromUiAsync(Name, entry.Value, Revert.ExpectedVersion);
        if (outcome.Succeeded)
        {
            ShowSaved(outcome.Snapshot!);
            return;
        }

        RevertError = outcome.Kind == SetOutcomeKind.Conflict
            ? string.Create(CultureInfo.InvariantCulture, $"The value changed to version {outcome.Snapshot?.Version ?? Snapshot.Version} after you loaded the page, so nothing was reverted. Check the history below and revert again.")
            : outcome.Detail;
    }
}
