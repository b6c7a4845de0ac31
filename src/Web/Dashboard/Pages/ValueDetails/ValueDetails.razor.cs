using System.Globalization;
using System.Text;
using EventDashboard.Core;
using EventDashboard.Protocol;
using EventDashboard.Web.Dashboard.Internal;
using EventDashboard.Web.Dashboard.Shared;
using EventDashboard.Web.Values;
using EventDashboard.Web.Values.Internal;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace EventDashboard.Web.Dashboard.Pages.ValueDetails;

/// <summary>
/// One value, live: its JSON as a tree and as text, its version, watchers (by kind) and age, an editor that saves
/// with compare-and-set, a delete that asks for the name, and ready <c>curl</c> lines. The page is a watcher of the
/// value (counted as <see cref="WatcherKind.Dashboard"/>) and renders every version its Get returns at once; while a
/// render is in flight newer versions replace each other in the watcher, so a slow browser sees the newest and costs
/// the server nothing more.
/// </summary>
/// <remarks>
/// Editing is conflict-safe. The editor opens on the version shown, and Save expects that version. A newer version
/// that arrives meanwhile never touches the draft: a banner shows it with a diff against the draft. Save then fails
/// with a conflict (which shows the banner too), and saving again replaces the newer version on purpose.
/// </remarks>
public sealed partial class ValueDetails : IDisposable
{
    // How often "Updated 3 min ago" is brought up to date.
    private static readonly TimeSpan AgeRefresh = TimeSpan.FromSeconds(15);

    private readonly CancellationTokenSource _stop = new();
    private CancellationTokenSource? _follow;
    private string? _following;
    private JsonEditor? _editor;
    private bool _saving;
    private string? _prettyFor;
    private long _prettyVersion = -1;

    /// <summary>Gets or sets the value's name, from the route.</summary>
    [Parameter]
    public string Name { get; set; } = string.Empty;

    [Inject]
    private ValueRegistry Registry { get; set; } = default!;

    [Inject]
    private DashboardAccess Access { get; set; } = default!;

    [Inject]
    private TimeProvider Time { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    /// <summary>Gets the newest state of the value, a delete included; <see langword="null"/> while it was never set.</summary>
    private ValueState? State { get; set; }

    private bool Exists => State is { Deleted: false };

    // A name outside the principal's prefixes reads as one never set, as it does over the API.
    private bool IsVisible => ValueName.IsValid(Name) && Access.CanRead(Name);

    // Viewers, and keys limited to other prefixes, see no control that changes the value.
    private bool CanChange => Access.RefuseWrite(Name) is null;

    private int Watchers { get; set; }

    private IReadOnlyDictionary<WatcherKind, int> WatchersByKind { get; set; } = new Dictionary<WatcherKind, int>();

    private bool ShowText { get; set; } = true;

    private bool Editing { get; set; }

    private string Draft { get; set; } = string.Empty;

    /// <summary>Gets the version Save expects: the one the editor opened on, or the newer one the operator was shown on a conflict (0: must not exist).</summary>
    private long EditBase { get; set; }

    /// <summary>Gets the version that arrived while editing (or that a Save conflicted with), shown next to the kept draft.</summary>
    private ValueState? Newer { get; set; }

    /// <summary>Gets a value indicating whether a Save conflicted with <see cref="Newer"/>, so the next Save replaces it on purpose.</summary>
    private bool ConflictSeen { get; set; }

    private string? Notice { get; set; }

    private string? Problem { get; set; }

    private List<BreadcrumbItem> Breadcrumbs => [new("Values", href: ""), new(Name, href: null, disabled: true)];

    private string PrettyValue
    {
        get
        {
            // The text view re-renders with the age; format each version once.
            if (State is { Deleted: false } state && state.Version != _prettyVersion)
            {
                _prettyFor = JsonFormatter.Pretty(state.Value);
                _prettyVersion = state.Version;
            }

            return _prettyFor ?? string.Empty;
        }
    }

    private string EditTitle => EditBase == 0 ? $"Set {Name}" : "Edit";

    private string EditBaseText => EditBase == 0
        ? "Saving creates the value; it fails if someone sets it first."
        : string.Create(CultureInfo.InvariantCulture, $"Saving expects version {EditBase}.");

    private string SaveText => ConflictSeen && Newer is not null
        ? string.Create(CultureInfo.InvariantCulture, $"Save over version {Newer.Version}")
        : "Save";

    private string ConflictText
    {
        get
        {
            if (Newer is null)
            {
                return string.Empty;
            }

            var what = Newer.Deleted
                ? string.Create(CultureInfo.InvariantCulture, $"Someone deleted the value (version {Newer.Version}) while you were editing.")
                : string.Create(CultureInfo.InvariantCulture, $"Someone set version {Newer.Version} while you were editing.");
            return ConflictSeen
                ? $"{what} Nothing was saved and your draft is kept. Save again to {(Newer.Deleted ? "set the value again" : "replace it")} with your draft, or cancel."
                : $"{what} Your draft is kept; saving now will report a conflict first.";
        }
    }

    private IReadOnlyList<DiffLine> ConflictDiff =>
        Newer is { Deleted: false } newer ? LineDiff.Compute(JsonFormatter.Pretty(newer.Value), Draft.Replace("\r\n", "\n", StringComparison.Ordinal)) : [];

    /// <inheritdoc/>
    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
        _follow?.Dispose();
    }

    /// <summary>Gets how a watcher kind is named on the page.</summary>
    internal static string KindLabel(WatcherKind kind, int count) => (kind, count == 1) switch
    {
        (WatcherKind.Hub, true) => "hub connection",
        (WatcherKind.Hub, false) => "hub connections",
        (WatcherKind.DotNetClient, true) => ".NET client",
        (WatcherKind.DotNetClient, false) => ".NET clients",
        (WatcherKind.EventStream, true) => "event stream",
        (WatcherKind.EventStream, false) => "event streams",
        (WatcherKind.BlockingQuery, true) => "blocking query",
        (WatcherKind.BlockingQuery, false) => "blocking queries",
        (WatcherKind.Dashboard, true) => "dashboard page",
        (WatcherKind.Dashboard, false) => "dashboard pages",
        _ => "in the server",
    };

    /// <inheritdoc/>
    protected override void OnParametersSet()
    {
        if (_following is not null && _following != Name)
        {
            // Another value in the same page instance: start over.
            Editing = false;
            Newer = null;
            Notice = Problem = null;
        }

        State = IsVisible ? Registry.GetState(Name) : null;
        Watchers = IsVisible ? Registry.GetWatcherCount(Name) : 0;
        WatchersByKind = IsVisible ? Registry.GetWatchersByKind(Name) : new Dictionary<WatcherKind, int>();
    }

    /// <inheritdoc/>
    protected override void OnAfterRender(bool firstRender)
    {
        // Only the interactive render follows the value; the prerendered copy is thrown away.
        if (IsVisible && _following != Name)
        {
            // A new name in the same page instance: the old watcher stops counting at once.
            _follow?.Cancel();
            _follow?.Dispose();
            _follow = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            _following = Name;
            _ = FollowAsync(Name, _follow.Token);
        }

        if (firstRender)
        {
            _ = RefreshAgeAsync(_stop.Token);
        }
    }

    private static string DiffClass(DiffKind kind) => kind switch
    {
        DiffKind.Added => "line added",
        DiffKind.Removed => "line removed",
        _ => "line",
    };

    private static string DiffSign(DiffKind kind) => kind switch
    {
        DiffKind.Added => "+ ",
        DiffKind.Removed => "- ",
        _ => "  ",
    };

    private async Task FollowAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            using var values = Registry.WatchStates(name, WatcherKind.Dashboard);
            using var counts = Registry.WatchWatcherCount(name);
            var nextValue = values.GetStateAsync(GetOptions<ValueState>.Default, cancellationToken).AsTask();
            var nextCount = counts.GetAsync(cancellationToken).AsTask();
            while (_following == name)
            {
                await Task.WhenAny(nextValue, nextCount);
                ValueState? state = null;
                int? count = null;
                if (nextValue.IsCompleted)
                {
                    state = await nextValue;
                    nextValue = values.GetStateAsync(GetOptions<ValueState>.Default, cancellationToken).AsTask();
                }

                if (nextCount.IsCompleted)
                {
                    count = (await nextCount).Watchers;
                    nextCount = counts.GetAsync(cancellationToken).AsTask();
                }

                await InvokeAsync(() =>
                {
                    if (_following != name)
                    {
                        return;
                    }

                    // Asked at each push: the key may have been revoked, or narrowed, since the page opened.
                    if (!Access.CanRead(name))
                    {
                        State = null;
                        Watchers = 0;
                        WatchersByKind = new Dictionary<WatcherKind, int>();
                        StateHasChanged();
                        return;
                    }

                    if (state is not null)
                    {
                        Apply(state);
                    }

                    if (count is int watchers)
                    {
                        Watchers = watchers;
                        WatchersByKind = Registry.GetWatchersByKind(name);
                    }

                    StateHasChanged();
                });
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The page was closed.
        }
    }

    private async Task RefreshAgeAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                await Task.Delay(AgeRefresh, Time, cancellationToken);
                await InvokeAsync(StateHasChanged);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The page was closed.
        }
    }

    // On the renderer's thread: a newer state never touches the draft; while editing it goes to the banner.
    private void Apply(ValueState state)
    {
        if (State is not null && state.Version <= State.Version)
        {
            return;
        }

        State = state;

        // While a Save runs, its outcome decides: its own version is no news, and any other is a conflict.
        if (Editing && !_saving && state.Version != EditBase)
        {
            Newer = state;
            ConflictSeen = false;
        }
    }

    private void Edit()
    {
        if (State is not { Deleted: false } state)
        {
            return;
        }

        Open(JsonFormatter.Pretty(state.Value), state.Version);
    }

    private void SetAgain() => Open("{}", 0);

    private void Open(string draft, long expectedVersion)
    {
        Draft = draft;
        EditBase = expectedVersion;
        Newer = null;
        ConflictSeen = false;
        Notice = Problem = null;
        Editing = true;
    }

    private void Cancel()
    {
        Editing = false;
        Newer = null;
        ConflictSeen = false;
        Draft = string.Empty;
    }

    private async Task FormatAsync()
    {
        if (_editor is not null)
        {
            await _editor.FormatAsync();
        }
    }

    private async Task SaveAsync()
    {
        if (!Editing || _saving)
        {
            return;
        }

        // The editor shows where the draft is not JSON; nothing is sent until it is.
        if (JsonCheck.Validate(Draft) is not null)
        {
            return;
        }

        if (Access.RefuseWrite(Name) is { } refusal)
        {
            Problem = "Not saved: " + refusal;
            return;
        }

        _saving = true;
        try
        {
            var outcome = await Registry.SetAsync(Name, Encoding.UTF8.GetBytes(Draft), Access.Origin(), EditBase);
            switch (outcome.Kind)
            {
                case SetOutcomeKind.Created or SetOutcomeKind.Updated:
                    Editing = false;
                    Newer = null;
                    ConflictSeen = false;
                    Problem = null;
                    Notice = string.Create(CultureInfo.InvariantCulture, $"Saved as version {outcome.Snapshot!.Version}.");
                    break;
                case SetOutcomeKind.Conflict:
                    // The draft stays; the operator has now seen the newer state, so the next Save expects it.
                    Newer = outcome.Snapshot is { } current
                        ? new ValueState(current.Version, current.Value, current.UpdatedAt)
                        : Registry.GetState(Name) ?? new ValueState(0, default, Time.GetUtcNow(), Deleted: true);
                    EditBase = outcome.Snapshot?.Version ?? 0;
                    ConflictSeen = true;
                    break;
                default:
                    Problem = outcome.Detail ?? "The value was not saved.";
                    break;
            }
        }
        finally
        {
            _saving = false;
        }
    }

    private async Task DeleteAsync()
    {
        if (State is not { Deleted: false } shown)
        {
            return;
        }

        var parameters = new DialogParameters<DeleteValueDialog>
        {
            { d => d.Name, Name },
            { d => d.Version, shown.Version },
        };
        var dialog = await Dialogs.ShowAsync<DeleteValueDialog>($"Delete {Name}", parameters, new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        var result = await dialog.Result;
        if (result is null || result.Canceled)
        {
            return;
        }

        if (Access.RefuseWrite(Name) is { } refusal)
        {
            Problem = "Not deleted: " + refusal;
            return;
        }

        var outcome = await Registry.DeleteAsync(Name, Access.Origin(), expectedVersion: shown.Version);
        // A delete shows itself through the live state, here as in every other open page.
        Notice = null;
        Problem = outcome.Kind switch
        {
            SetOutcomeKind.Deleted => null,
            SetOutcomeKind.Conflict => string.Create(
                CultureInfo.InvariantCulture,
                $"Not deleted: the value changed after version {shown.Version}. Look at the newer version, then delete again."),
            SetOutcomeKind.NotFound => "Not deleted: it no longer exists.",
            _ => outcome.Detail ?? "The value was not deleted.",
        };
        if (outcome.Kind == SetOutcomeKind.Deleted)
        {
            Snackbar.Add(string.Create(CultureInfo.InvariantCulture, $"Deleted {Name} at version {outcome.Deletion!.Version}."), Severity.Success);
        }
    }
}
