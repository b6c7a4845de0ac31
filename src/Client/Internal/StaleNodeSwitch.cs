using EventDashboard.Core;
using Microsoft.Extensions.Logging;

namespace EventDashboard.Client.Internal;

/// <summary>
/// Moves a client off a node that is up but cannot follow its shared store (etcd): such a node serves its own copy,
/// which stops changing, so its watchers would sit on an old value for as long as it lasts. When the node says it is
/// stale and <see cref="EventDashboardClientOptions.FailoverUrls"/> name other nodes, they are asked in order whether
/// they are ready (<c>GET /readyz</c> answers 200: they follow the store and can write), and the client moves to the
/// first that is. When none is, the client stays and keeps serving the stale copy, asking again with backoff.
/// </summary>
/// <remarks>
/// The move resumes every watcher as a failover after a lost link does, and never with an older version: all nodes
/// serve one store (one store id), and a node that is ready has at least what the stale one had.
/// </remarks>
internal sealed partial class StaleNodeSwitch
{
    // A node that does not answer its readiness check in this time is not one to move to.
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(5);

    private readonly ServerAddresses _servers;
    private readonly HttpClient _http;
    private readonly TimeSpan _maxDelay;
    private readonly ILogger _logger;

    public StaleNodeSwitch(ServerAddresses servers, HttpClient http, TimeSpan maxDelay, ILogger logger)
    {
        _servers = servers;
        _http = http;
        _maxDelay = maxDelay;
        _logger = logger;
    }

    /// <summary>Gets a value indicating whether there is another node to move to at all.</summary>
    public bool HasOtherNodes => _servers.Count > 1;

    /// <summary>
    /// Asks the other nodes once, in order, whether they are ready, and moves to the first that is, if
    /// <paramref name="server"/> is still the current node.
    /// </summary>
    /// <param name="server">The stale node.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>A task whose result is whether the client moved.</returns>
    public async Task<bool> TryLeaveAsync(Uri server, CancellationToken cancellationToken)
    {
        foreach (var other in _servers.After(server))
        {
            if (_servers.Current != server)
            {
                // A lost link moved the client meanwhile; the node it is on now reports for itself.
                return false;
            }

            if (await IsReadyAsync(other, cancellationToken).ConfigureAwait(false))
            {
                var moved = _servers.MoveTo(server, other);
                if (moved)
                {
                    LogLeftStaleNode(server, other);
                }

                return moved;
            }
        }

        LogNoReadyNode(server);
        return false;
    }

    /// <summary>
    /// Follows <paramref name="stale"/>, the staleness <paramref name="server"/> reports, and while it says stale
    /// tries to leave (<see cref="TryLeaveAsync"/>) with backoff, until the client moved or the token ends the link.
    /// </summary>
    /// <param name="server">The node the client is connected to.</param>
    /// <param name="stale">Whether that node says it is stale, newest first.</param>
    /// <param name="cancellationToken">The token that ends the link to the node.</param>
    /// <returns>A task that completes when the client moved to another node.</returns>
    public async Task LeaveWhileStaleAsync(Uri server, IValueWatch<bool> stale, CancellationToken cancellationToken)
    {
        using var watcher = stale.Watch();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task<bool>? next = null;
        try
        {
            var isStale = false;
            var attempts = 0;
            while (true)
            {
                next ??= watcher.GetAsync(stop.Token).AsTask();
                if (!isStale)
                {
                    isStale = await next.ConfigureAwait(false);
                    next = null;
                    attempts = 0;
                    continue;
                }

                if (await TryLeaveAsync(server, stop.Token).ConfigureAwait(false))
                {
                    return;
                }

                // No node is ready (or the link was lost and the client is moving anyway): ask again later, or at once
                // when the node's state changes.
                var delay = Task.Delay(ReconnectBackoff.Delay(++attempts, _maxDelay, Random.Shared.NextDouble()), stop.Token);
                if (await Task.WhenAny(next, delay).ConfigureAwait(false) == next)
                {
                    isStale = await next.ConfigureAwait(false);
                    next = null;
                    attempts = 0;
                }
            }
        }
        finally
        {
            // One Get may be pending on a watcher: end it before the watcher is disposed.
            await stop.CancelAsync().ConfigureAwait(false);
            if (next is not null)
            {
                await ((Task)next).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private async Task<bool> IsReadyAsync(Uri node, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ProbeTimeout);
        try
        {
            using var response = await _http.GetAsync(new Uri(node, "readyz"), timeout.Token).ConfigureAwait(false);
            return response.IsSuccessStatusCode;
        }
        catch (Exception ex) when (ex is HttpRequestException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // Down, unreachable or too slow: not a node to move to now.
            return false;
        }
    }
}
