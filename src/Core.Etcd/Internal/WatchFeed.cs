using System.Diagnostics;
using Etcdserverpb;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace EventDashboard.Core.Etcd.Internal;

/// <summary>
/// Follows one key range of etcd into an <see cref="IWatchTarget"/>, the way Kubernetes' reflector does: read the
/// range at revision H, watch from H + 1, apply every event in revision order; when the watch breaks, resume from
/// the last applied revision; when etcd compacted past it, read the range again and continue from there.
/// </summary>
/// <remarks>
/// It runs on etcd's raw watch stream with one watch per stream. A cancellation from etcd (compaction, a member that
/// lost its leader) ends the stream and this loop decides what follows, so nothing is silently re-created behind it.
/// </remarks>
internal sealed partial class WatchFeed
{
    private readonly EtcdConnection _connection;
    private readonly ByteString _key;
    private readonly ByteString _rangeEnd;
    private readonly IWatchTarget _target;
    private readonly ILogger _logger;

    public WatchFeed(EtcdConnection connection, ByteString key, ByteString rangeEnd, IWatchTarget target)
    {
        _connection = connection;
        _key = key;
        _rangeEnd = rangeEnd;
        _target = target;
        _logger = connection.LoggerFactory.CreateLogger<WatchFeed>();
    }

    /// <summary>Gets the range end that makes a range of every key starting with <paramref name="prefix"/>.</summary>
    public static ByteString PrefixEnd(ByteString prefix)
    {
        var end = prefix.ToByteArray();
        for (var i = end.Length - 1; i >= 0; i--)
        {
            if (end[i] < 0xff)
            {
                end[i]++;
                return ByteString.CopyFrom(end, 0, i + 1);
            }
        }

        // Every byte is 0xff: the range goes to the end of the keyspace.
        return ByteString.CopyFrom(0);
    }

    /// <summary>Follows the range until <paramref name="cancellationToken"/> is cancelled.</summary>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>A task that completes when the feed stopped.</returns>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var needSnapshot = _target.Revision == 0;
        var failures = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                if (needSnapshot)
                {
                    await _target.ResyncAsync(cancellationToken).ConfigureAwait(false);
                    needSnapshot = false;
                }

                needSnapshot = await WatchAsync(() => failures = 0, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // Whatever broke (etcd, the network, a record the target could not read), the feed must not die
                // silently: the target learns it is behind, and the feed tries again from where it is.
                _target.SetConnected(false, ex);
                failures++;
                LogBroken(_key.ToStringUtf8(), _target.Revision, failures, ex.Message);

                // Backing off is waiting for etcd to come back, not synchronizing with it.
                var delay = TimeSpan.FromMilliseconds(Math.Min(_connection.Options.MaxReconnectDelay.TotalMilliseconds, 50 * Math.Pow(2, Math.Min(failures, 10))));
                try
                {
                    await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    // Opens one watch from the revision after the target's and applies what comes until the stream ends.
    // Returns whether the range must be read again first (etcd compacted the revisions the watch needed).
    private async Task<bool> WatchAsync(Action onCreated, CancellationToken cancellationToken)
    {
        // The watch must be acknowledged within the request deadline; after that the stream may be silent for as
        // long as nothing changes.
        using var created = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        created.CancelAfter(_connection.Options.RequestTimeout);
        using var call = _connection.Watches.Watch(EtcdConnection.RequireLeader, cancellationToken: created.Token);
        await call.RequestStream.WriteAsync(new WatchRequest
        {
            CreateRequest = new WatchCreateRequest
            {
                Key = _key,
                RangeEnd = _rangeEnd,
                StartRevision = _target.Revision + 1,
                ProgressNotify = true,
            },
        }, created.Token).ConfigureAwait(false);

        while (await call.ResponseStream.MoveNext(created.Token).ConfigureAwait(false))
        {
            var response = call.ResponseStream.Current;
            if (response.CompactRevision != 0)
            {
                // The revisions after ours are gone: the only way on is a fresh read of the whole range.
                LogCompacted(_key.ToStringUtf8(), _target.Revision, response.CompactRevision);
                return true;
            }

            if (response.Canceled)
            {
                throw new WatchCanceledException(response.CancelReason);
            }

            if (response.Created)
            {
                created.CancelAfter(Timeout.InfiniteTimeSpan);
                _target.SetConnected(true, null);
                onCreated();
            }

            if (response.Events.Count > 0)
            {
                Debug.Assert(response.Events[0].Kv.ModRevision > _target.Revision, "etcd sends each event once, in revision order.");
                _target.ApplyEvents(response.Events);
            }
            else if (!response.Created)
            {
                _target.ApplyProgress(response.Header.Revision);
            }
        }

        // The server ended the stream without an error (a member shutting down): resume from where we are.
        throw new WatchCanceledException("the stream ended");
    }

    /// <summary>etcd ended a watch for a reason other than compaction; the feed resumes it.</summary>
    private sealed class WatchCanceledException(string reason) : Exception("etcd cancelled the watch: " + reason);
}
