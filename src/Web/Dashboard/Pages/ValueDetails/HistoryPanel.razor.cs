using System.Globalization;
using System.Text.Json;
using EventDashboard.Protocol;
using EventDashboard.Web.Dashboard.Internal;
using EventDashboard.Web.Dashboard.Pages.ValueDetails.History;
using EventDashboard.Web.Dashboard.Shared;
using EventDashboard.Web.Values;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace EventDashboard.Web.Dashboard.Pages.ValueDetails;

/// <summary>
/// The history of one value on its page: every retained version, page by page, with who made each Set and its
/// note; a comparison of any two versions; a revert (previewed and confirmed, then a compare-and-set recorded as
/// "revert of vN"); and a chart when the value is a number. It reloads when <see cref="Version"/> changes;
/// reloads that arrive while one is reading coalesce into one more read of the newest state.
/// </summary>
/// <remarks>
/// The registry's history has no offset: page <c>p</c> reads the newest <c>(p + 1) × size</c> entries and shows
/// the last <c>size</c> of them, so reading the oldest page of a long history reads it all once.
/// </remarks>
public sealed partial class HistoryPanel
{
    /// <summary>How many of the newest entries the chart draws.</summary>
    internal const int ChartPoints = 200;

    private static readonly int[] PageSizes = [10, 25, 50, 100];

    private string? _shownName;
    private long _shownVersion = -1;
    private bool _loading;
    private bool _stale;

    /// <summary>Gets or sets the value's name.</summary>
    [Parameter]
    [EditorRequired]
    public string Name { get; set; } = string.Empty;

    /// <summary>Gets or sets the value's current version; the panel reloads when it changes.</summary>
    [Parameter]
    public long Version { get; set; }

    [Inject]
    private ValueRegistry Registry { get; set; } = default!;

    [Inject]
    private DashboardAccess Access { get; set; } = default!;

    [Inject]
    private TimeProvider Time { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    private IReadOnlyList<HistoryEntry> Entries { get; set; } = [];

    private IReadOnlyList<HistoryEntry> ChartEntries { get; set; } = [];

    private bool Loaded { get; set; }

    private int Page { get; set; }

    private int PageSize { get; set; } = 25;

    private int Total { get; set; }

    private long Newest { get; set; }

    private long Oldest { get; set; }

    private int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);

    private List<long> Picked { get; } = [];

    private (HistoryEntry Old, HistoryEntry New)? Comparison { get; set; }

    private string? CompareProblem { get; set; }

    private HistoryNotice? Notice { get; set; }

    private string CountText => Total == 1 ? "1 version" : string.Create(CultureInfo.InvariantCulture, $"{Total} versions");

    private string RangeText => string.Create(
        CultureInfo.InvariantCulture,
        $"{(Page * PageSize) + 1}–{Math.Min(Total, (Page + 1) * PageSize)} of {Total}");

    /// <inheritdoc/>
    protected override async Task OnParametersSetAsync()
    {
        if (Name != _shownName)
        {
            // Another value in the same component: nothing of the old one's view carries over.
            _shownName = Name;
            Page = 0;
            Picked.Clear();
            Comparison = null;
            CompareProblem = null;
            Notice = null;
        }
        else if (Version == _shownVersion)
        {
            return;
        }

        _shownVersion = Version;
        await LoadAsync();
    }

    private static string Text(HistoryEntry entry) => entry.Deleted ? string.Empty : JsonFormatter.Pretty(entry.Value);

    private static string Label(HistoryEntry entry) =>
        string.Create(CultureInfo.InvariantCulture, $"v{entry.Version}{(entry.Deleted ? " (deleted)" : string.Empty)}");

    // Reads the shown page, newest state. Every caller runs on the renderer's context, so the flags need no lock: a
    // load asked for while one is reading only marks it stale, and the running one reads once more.
    private async Task LoadAsync()
    {
        if (_loading)
        {
            _stale = true;
            return;
        }

        _loading = true;
        try
        {
            do
            {
                _stale = false;
                await LoadOnceAsync();
            }
            while (_stale);
        }
        finally
        {
            _loading = false;
        }

        StateHasChanged();
    }

    private async Task LoadOnceAsync()
    {
        var name = Name;
        var current = Registry.GetState(name);

        // The chart needs the newest entries whatever the page; read them only for a number, which is small.
        var charted = current is { Deleted: false, Value.ValueKind: JsonValueKind.Number };
        var pageEnd = (int)Math.Min(int.MaxValue, (Page + 1L) * PageSize);
        var limit = charted ? Math.Max(pageEnd, ChartPoints) : pageEnd;
        var history = await Registry.GetHistoryAsync(name, limit);
        if (name != Name)
        {
            _stale = true;
            return;
        }

        Loaded = true;
        if (history is not { Entries: [var newest, ..] entries })
        {
            Entries = ChartEntries = [];
            Total = 0;
            return;
        }

        Newest = newest.Version;
        Oldest = history.OldestVersion;

        // Versions are numbered one per Set and retention drops the oldest, so the retained ones are the range
        // from the oldest to the newest (an imported history may have gaps: a short read tells the exact count).
        Total = entries.Count < limit ? entries.Count : (int)Math.Min(int.MaxValue, Math.Max(entries.Count, Newest - Oldest + 1));
        if (Page > 0 && Page * PageSize >= Total)
        {
            Page = PageCount - 1;
            _stale = true;
        }

        Entries = [.. entries.Skip(Page * PageSize).Take(PageSize)];
        ChartEntries = charted ? [.. entries.Take(ChartPoints)] : [];
    }

    private async Task GoToAsync(int page)
    {
        Page = Math.Clamp(page, 0, PageCount - 1);
        await LoadAsync();
    }

    private async Task SetPageSizeAsync(int size)
    {
        // Keep the first row shown on the new page.
        var first = Page * PageSize;
        PageSize = size;
        Page = first / size;
        await LoadAsync();
    }

    private async Task PickAsync(long version, bool on)
    {
        Picked.Remove(version);
        if (on)
        {
            Picked.Add(version);

            // Two at most: a third tick replaces the older pick.
            if (Picked.Count > 2)
            {
                Picked.RemoveAt(0);
            }
        }

        await CompareAsync();
    }

    private void ClearCompare()
    {
        Picked.Clear();
        Comparison = null;
        CompareProblem = null;
    }

    private async Task CompareAsync()
    {
        Comparison = null;
        CompareProblem = null;
        if (Picked.Count != 2)
        {
            return;
        }

        var (older, newer) = (Picked.Min(), Picked.Max());

        // Newest first, so reaching the older version means reading everything newer than it too.
        var limit = (int)Math.Clamp(Registry.GetVersion(Name) - older + 1, 1, int.MaxValue);
        var history = await Registry.GetHistoryAsync(Name, limit);
        var oldEntry = history?.Entries.FirstOrDefault(e => e.Version == older);
        var newEntry = history?.Entries.FirstOrDefault(e => e.Version == newer);
        if (oldEntry is null || newEntry is null)
        {
            CompareProblem = string.Create(
                CultureInfo.InvariantCulture,
                $"Version {(oldEntry is null ? older : newer)} is no longer retained, so it cannot be compared.");
            return;
        }

        Comparison = (oldEntry, newEntry);
    }

    private async Task RevertAsync(HistoryEntry target)
    {
        Notice = null;
        if (target.Deleted || Registry.GetState(Name) is not { } current)
        {
            return;
        }

        var parameters = new DialogParameters<RevertDialog>
        {
            { d => d.Name, Name },
            { d => d.Version, target.Version },
            { d => d.CurrentVersion, current.Version },
            { d => d.CurrentDeleted, current.Deleted },
            { d => d.CurrentText, current.Deleted ? string.Empty : JsonFormatter.Pretty(current.Value) },
            { d => d.TargetText, JsonFormatter.Pretty(target.Value) },
        };
        var options = new DialogOptions { MaxWidth = MaxWidth.Large, FullWidth = true, CloseOnEscapeKey = true };
        var dialog = await Dialogs.ShowAsync<RevertDialog>($"Revert {Name}", parameters, options);
        if (await dialog.Result is null or { Canceled: true })
        {
            return;
        }

        // Compare-and-set against the version the preview showed: if anything changed since, the operator has not
        // seen what the revert would overwrite, so it must not happen. A deleted value must still not exist.
        if (Access.RefuseWrite(Name) is { } refusal)
        {
            Notice = new HistoryNotice("refused", Severity.Error, "Nothing was reverted: " + refusal);
            return;
        }

        var origin = Access.Origin($"revert of v{target.Version}");
        var outcome = await Registry.SetAsync(Name, target.Value, origin, current.Deleted ? 0 : current.Version);
        Notice = outcome switch
        {
            { Succeeded: true, Snapshot: { } now } => new HistoryNotice(
                "reverted",
                Severity.Success,
                string.Create(CultureInfo.InvariantCulture, $"Reverted to v{target.Version}: '{Name}' is now at version {now.Version}.")),
            { Kind: SetOutcomeKind.Conflict } => new HistoryNotice(
                "conflict",
                Severity.Warning,
                string.Create(CultureInfo.InvariantCulture, $"'{Name}' changed meanwhile (it is now at version {Registry.GetVersion(Name)}), so nothing was reverted. Look at the new version, then revert again if you still want to.")),
            _ => new HistoryNotice("failed", Severity.Error, $"Nothing was reverted: {outcome.Detail}"),
        };
        await LoadAsync();
    }
}
