using System.Globalization;
using EventDashboard.Web.Dashboard.Internal;
using EventDashboard.Web.Values;
using Microsoft.AspNetCore.Components;

namespace EventDashboard.Web.Dashboard.Pages.RecentChanges;

/// <summary>
/// The newest Sets and deletes across all values, live, from the registry-wide Set log: who made each, what it
/// set (linking to the value) and when, newest first.
/// </summary>
/// <remarks>
/// One loop reads the log into a window of the newest <see cref="MaxRows"/> Sets; another renders the window at
/// most every <see cref="RenderInterval"/>. A burst of Sets costs one render of the newest rows, and a browser that
/// renders slowly costs the server the window, not a queue of every Set it has not seen.
/// </remarks>
public sealed partial class RecentChanges : IDisposable
{
    /// <summary>How many of the newest Sets the page shows.</summary>
    internal const int MaxRows = 100;

    /// <summary>The shortest time between two renders of live changes (at most 10 a second).</summary>
    internal static readonly TimeSpan RenderInterval = TimeSpan.FromMilliseconds(100);

    private readonly CancellationTokenSource _stop = new();
    private readonly ChangeWindow _window = new(MaxRows);
    private long _lastRead;

    [Inject]
    private DashboardAccess Access { get; set; } = default!;

    [Inject]
    private ValueRegistry Registry { get; set; } = default!;

    [Inject]
    private TimeProvider Time { get; set; } = default!;

    private SetRecord[] Rows { get; set; } = [];

    private bool Ready { get; set; }

    private DateTimeOffset Now { get; set; }

    private string CountText => Rows.Length switch
    {
        0 => string.Empty,
        1 => "The newest Set, live",
        _ => string.Create(CultureInfo.InvariantCulture, $"The newest {Rows.Length} Sets, live"),
    };

    /// <inheritdoc/>
    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
        _window.Dispose();
    }

    /// <inheritdoc/>
    protected override async Task OnInitializedAsync()
    {
        // The newest Sets as of now, so that the page (prerendered too) opens with them; the log has no "last N",
        // so it is read from a little before its end up to the Set that was newest when the page opened.
        var last = Registry.LastIndex;
        if (last > 0)
        {
            await foreach (var record in Registry.ReadLogAsync(Math.Max(0, last - MaxRows), _stop.Token))
            {
                AddIfReadable(record);
                if (record.Index >= last)
                {
                    break;
                }
            }
        }

        _lastRead = last;
        Rows = _window.Snapshot();
        _window.MarkSeen();
        Now = Time.GetUtcNow();
        Ready = true;
    }

    /// <inheritdoc/>
    protected override void OnAfterRender(bool firstRender)
    {
        // Only the interactive render follows the log; the prerendered copy is thrown away.
        if (firstRender)
        {
            _ = ReadAsync(_lastRead, _stop.Token);
            _ = RenderAsync(_stop.Token);
        }
    }

    private async Task ReadAsync(long afterIndex, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var record in Registry.ReadLogAsync(afterIndex, cancellationToken))
            {
                AddIfReadable(record);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The page was closed.
        }
        catch (ObjectDisposedException)
        {
            // The server is stopping: the log ends, and the circuit with it.
        }
    }

    // A key limited to prefixes sees only the Sets under them, as its reads over the API do.
    private void AddIfReadable(SetRecord record)
    {
        if (Access.CanRead(record.Name))
        {
            _window.Add(record);
        }
    }

    private async Task RenderAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                await _window.WaitAsync(cancellationToken);
                var rows = _window.Snapshot();
                await InvokeAsync(() =>
                {
                    Rows = rows;
                    Ready = true;
                    Now = Time.GetUtcNow();
                    StateHasChanged();
                });

                // Whatever arrives meanwhile waits in the window and is drawn, newest only, by the next render.
                await Task.Delay(RenderInterval, Time, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The page was closed.
        }
        catch (ObjectDisposedException) when (cancellationToken.IsCancellationRequested)
        {
            // Disposed while waiting.
        }
    }
}
