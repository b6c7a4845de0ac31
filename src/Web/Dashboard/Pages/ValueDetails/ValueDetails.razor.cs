using EventDashboard.Client;
using EventDashboard.Core;
using EventDashboard.Web.Dashboard.Internal;
using EventDashboard.Web.Values;
using EventDashboard.Web.Values.Internal;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace EventDashboard.Web.Dashboard.Pages.ValueDetails;

/// <summary>
/// One value, live. The page is a watcher of the value (counted as <see cref="WatcherKind.Dashboard"/>) and renders
/// every version its Get returns at once; while a render is in flight newer versions replace each other in the
/// watcher, so a slow browser sees the newest and costs the server nothing more.
/// </summary>
public sealed partial class ValueDetails : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private string? _following;

    /// <summary>Gets or sets the value's name, from the route.</summary>
    [Parameter]
    public string Name { get; set; } = string.Empty;

    [Inject]
    private ValueRegistry Registry { get; set; } = default!;

    [Inject]
    private TimeProvider Time { get; set; } = default!;

    private ValueState? State { get; set; }

    private int Watchers { get; set; }

    private List<BreadcrumbItem> Breadcrumbs => [new("Values", href: ""), new(Name, href: null, disabled: true)];

    /// <inheritdoc/>
    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
    }

    /// <inheritdoc/>
    protected override void OnParametersSet()
    {
        State = ValueName.IsValid(Name) ? Registry.GetState(Name) : null;
        Watchers = ValueName.IsValid(Name) ? Registry.GetWatcherCount(Name) : 0;
    }

    /// <inheritdoc/>
    protected override void OnAfterRender(bool firstRender)
    {
        // Only the interactive render follows the value; the prerendered copy is thrown away.
        if (ValueName.IsValid(Name) && _following != Name)
        {
            _following = Name;
            _ = FollowAsync(Name, _stop.Token);
        }
    }

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
                if (nextValue.IsCompleted)
                {
                    State = await nextValue;
                    nextValue = values.GetStateAsync(GetOptions<ValueState>.Default, cancellationToken).AsTask();
                }

                if (nextCount.IsCompleted)
                {
                    Watchers = (await nextCount).Watchers;
                    nextCount = counts.GetAsync(cancellationToken).AsTask();
                }

                await InvokeAsync(StateHasChanged);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The page was closed.
        }
    }
}
