using System.Globalization;
using EventDashboard.Protocol;
using EventDashboard.Web.Dashboard.Internal;
using EventDashboard.Web.Dashboard.Shared;
using EventDashboard.Web.Values;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MudBlazor;

namespace EventDashboard.Web.Dashboard.Pages.ValueList;

/// <summary>
/// The list of every value, live, in a virtualized grid: sortable, filtered by name (and optionally by value text),
/// grouped by the names' first dot-separated segment on request, with create, copy and clone. One registry-wide change
/// watcher wakes the page; it redraws from the registry's newest snapshots at most <see cref="MaxRendersPerSecond"/>
/// times a second, so a burst of thousands of Sets costs this circuit a handful of renders, and a browser that reads
/// slowly never makes the server queue anything.
/// </summary>
public sealed partial class ValueList : IAsyncDisposable
{
    /// <summary>How often, at the most, the list redraws while values keep changing.</summary>
    internal const int MaxRendersPerSecond = 10;

    /// <summary>The page's script module, collocated with the component, that makes <c>/</c> focus the filter.</summary>
    internal const string ShortcutModule = "./Dashboard/Pages/ValueList/ValueList.razor.js";

    /// <summary>The CSS selector of the filter's input element, which <c>/</c> focuses.</summary>
    internal const string FilterSelector = "#filter";

    /// <summary>How often the "updated" times are redrawn while nothing changes, so "just now" does not stay.</summary>
    private static readonly TimeSpan s_relativeTimeRefresh = TimeSpan.FromSeconds(10);

    private static readonly DialogOptions s_dialogOptions = new()
    {
        MaxWidth = MaxWidth.Medium,
        FullWidth = true,
        CloseOnEscapeKey = true,
        CloseButton = true,
    };

    private readonly CancellationTokenSource _stop = new();
    private readonly ValueRows _rows = new();
    private readonly Func<ValueRow, bool> _matches;
    private readonly Func<ValueRow, object> _folderOf = static row => row.Folder;
    private IJSObjectReference? _shortcuts;

    /// <summary>Initializes a new instance of the <see cref="ValueList"/> class.</summary>
    public ValueList() => _matches = Matches;

    [Inject]
    private ValueRegistry Registry { get; set; } = default!;

    [Inject]
    private DashboardAccess Access { get; set; } = default!;

    [Inject]
    private TimeProvider Time { get; set; } = default!;

    [Inject]
    private IJSRuntime JS { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    private IReadOnlyList<ValueRow> Rows { get; set; } = [];

    private string? Search { get; set; }

    private bool SearchValues { get; set; }

    private bool GroupByPrefix { get; set; }

    private bool IsFiltering => !string.IsNullOrWhiteSpace(Search);

    private string CountText => Count(Rows.Count, "value", "values");

    private string MatchText => Count(Rows.Count(Matches), "match", "matches");

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _stop.Dispose();
        if (_shortcuts is not null)
        {
            try
            {
                await _shortcuts.InvokeVoidAsync("stop");
                await _shortcuts.DisposeAsync();
            }
            catch (JSDisconnectedException)
            {
                // The browser is gone, and its listener with it.
            }
        }
    }

    // Only what the principal may read now: a key limited to prefixes sees the names under them, as the API lists,
    // and a key revoked while the page is open sees nothing more.
    private IReadOnlyList<ValueSnapshot> Readable()
    {
        if (Access.Principal is not { } principal)
        {
            return [];
        }

        var all = Registry.List();
        return principal.Prefixes.Count == 0 ? all : [.. all.Where(s => principal.Covers(s.Name))];
    }

    /// <inheritdoc/>
    protected override void OnInitialized() => Rows = _rows.Update(Readable());

    /// <inheritdoc/>
    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        // Only the interactive render follows the registry; the prerendered copy is thrown away.
        if (!firstRender)
        {
            return;
        }

        _ = FollowAsync(_stop.Token);
        _ = RefreshTimesAsync(_stop.Token);
        try
        {
            _shortcuts = await JS.InvokeAsync<IJSObjectReference>("import", _stop.Token, ShortcutModule);
            await _shortcuts.InvokeVoidAsync("focusOnSlash", _stop.Token, FilterSelector);
        }
        catch (Exception ex) when (ex is JSDisconnectedException or OperationCanceledException)
        {
            // The page closed before the browser loaded the module.
        }
    }

    private static string Count(int count, string one, string many) =>
        string.Create(CultureInfo.InvariantCulture, $"{count:N0} {(count == 1 ? one : many)}");

    private bool Matches(ValueRow row)
    {
        if (string.IsNullOrWhiteSpace(Search))
        {
            return true;
        }

        var search = Search.Trim();
        return row.Name.Contains(search, StringComparison.OrdinalIgnoreCase)
            || (SearchValues && row.Text.Contains(search, StringComparison.OrdinalIgnoreCase));
    }

    private void OnSearchChanged(string? search) => Search = search;

    private void OnSearchValuesChanged(bool on) => SearchValues = on;

    private void OnGroupByPrefixChanged(bool on) => GroupByPrefix = on;

    private Task CopyNameAsync(ValueRow row) => CopyAsync(row.Name, $"the name {row.Name}");

    private Task CopyValueAsync(ValueRow row) => CopyAsync(JsonFormatter.Pretty(row.Snapshot.Value), $"the value of {row.Name}");

    private async Task CopyAsync(string text, string what)
    {
        try
        {
            await JS.InvokeVoidAsync("navigator.clipboard.writeText", text);
            Snackbar.Add($"Copied {what}.", Severity.Success);
        }
        catch (JSException ex)
        {
            // Browsers allow the clipboard only to a focused page over HTTPS or on localhost.
            Snackbar.Add($"Could not copy {what}: {ex.Message}", Severity.Error);
        }
    }

    private Task CloneAsync(ValueRow row) =>
        CreateAsync(
            $"Clone {row.Name}",
            row.Name + "-copy",
            JsonFormatter.Pretty(row.Snapshot.Value),
            string.Create(CultureInfo.InvariantCulture, $"clone of {row.Name} v{row.Version}"));

    private async Task CreateAsync(string title = "New value", string? name = null, string? json = null, string? note = null)
    {
        var parameters = new DialogParameters<CreateValueDialog>
        {
            { d => d.InitialName, name },
            { d => d.InitialJson, json },
            { d => d.Note, note },
        };
        var dialog = await Dialogs.ShowAsync<CreateValueDialog>(title, parameters, s_dialogOptions);
        if (await dialog.Result is { Canceled: false, Data: ValueSnapshot created })
        {
            Navigation.NavigateTo(ValueLinks.Details(created.Name, created.Version));
        }
    }

    private async Task FollowAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var changes = Registry.WatchChanges();
            var pause = TimeSpan.FromSeconds(1.0 / MaxRendersPerSecond);
            while (true)
            {
                // Newest only: however many changes happened since the last Get, this returns once.
                await changes.GetAsync(cancellationToken);
                Rows = _rows.Update(Readable());
                await InvokeAsync(StateHasChanged);
                await Task.Delay(pause, Time, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The page was closed.
        }
    }

    private async Task RefreshTimesAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var timer = new PeriodicTimer(s_relativeTimeRefresh, Time);
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                await InvokeAsync(StateHasChanged);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The page was closed.
        }
    }
}
