using System.Diagnostics;
using System.Text.Json;
using Etcdserverpb;
using EventDashboard.Core.Etcd.Internal;
using Google.Protobuf;
using Google.Protobuf.Collections;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Mvccpb;

namespace EventDashboard.Core.Etcd;

/// <summary>
/// An <see cref="IValue{T}"/> kept in one etcd key as JSON: every process that makes one on the same key shares it.
/// </summary>
/// <remarks>
/// <para>The value mirrors its key into a <see cref="MemoryValue{T}"/> through one etcd watch, applied in revision
/// order, and its watchers are watchers of that mirror: they inherit every guarantee of a memory value (the first
/// Get returns the current value, later ones only newer values, never an older one after a newer one). The mirror
/// resumes a broken watch from the last applied revision and, when etcd compacted past it, reads the key again.</para>
/// <para>A Set is one put with a deadline, never retried (a retried put may land twice); it returns once etcd
/// committed it <i>and</i> the mirror shows it, so that a watcher created afterwards sees it or a newer value.
/// A put that times out may or may not have been committed; its exception says so.</para>
/// <para>Deleting the key (from outside) leaves the last value in place; a later put is seen as usual. A value that
/// is not JSON of <typeparamref name="T"/> is logged and skipped.</para>
/// </remarks>
/// <typeparam name="T">The type of the value.</typeparam>
[DebuggerDisplay("{Key}, revision {_gate.Revision}")]
public sealed partial class EtcdValue<T> : IValue<T>, IAsyncDisposable
{
    private readonly EtcdConnection _connection;
    private readonly ByteString _key;
    private readonly JsonSerializerOptions? _json;
    private readonly MemoryValue<T> _mirror = new();
    private readonly RevisionGate _gate = new();
    private readonly Target _target;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _lock = new();
    private Task? _feed;

    /// <summary>Initializes a new instance of the <see cref="EtcdValue{T}"/> class.</summary>
    /// <param name="connection">The cluster.</param>
    /// <param name="key">The etcd key that holds the value.</param>
    /// <param name="jsonOptions">How the value is written as JSON; the serializer's defaults when <see langword="null"/>.</param>
    public EtcdValue(EtcdConnection connection, string key, JsonSerializerOptions? jsonOptions = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentException.ThrowIfNullOrEmpty(key);
        _connection = connection;
        Key = key;
        _key = ByteString.CopyFromUtf8(key);
        _json = jsonOptions;
        _logger = connection.LoggerFactory.CreateLogger<EtcdValue<T>>();
        _target = new Target(this);
    }

    /// <summary>Gets the etcd key.</summary>
    public string Key { get; }

    /// <inheritdoc/>
    public IWatcher<T> Watch()
    {
        EnsureFeed();
        return _mirror.Watch();
    }

    /// <inheritdoc/>
    /// <remarks>Blocks the calling thread for a round trip to etcd; prefer <see cref="SetAsync"/>.</remarks>
    public void Set(T value) => SetAsync(value).AsTask().GetAwaiter().GetResult();

    /// <inheritdoc/>
    /// <exception cref="TimeoutException">
    /// etcd did not answer within the request timeout (the value may or may not be set), or it set the value but this
    /// value's watch has not shown it within twice that time.
    /// </exception>
    /// <exception cref="IOException">etcd cannot be reached; the value may or may not be set.</exception>
    public async ValueTask SetAsync(T value, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_stop.IsCancellationRequested, this);
        EnsureFeed();
        var bytes = ByteString.CopyFrom(JsonSerializer.SerializeToUtf8Bytes(value, _json));
        PutResponse put;
        try
        {
            put = await _connection.Kv.PutAsync(
                new PutRequest { Key = _key, Value = bytes },
                deadline: _connection.Deadline(),
                cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (RpcException ex)
        {
            throw EtcdErrors.Map(ex, $"The Set of {Key}", _connection, cancellationToken);
        }

        // The put is at revision put.Header.Revision; the mirror's watch delivers exactly that revision of this key.
        // Bounded, so that a broken watch cannot hold a Set forever; the value is set in etcd all the same.
        var visible = _connection.Options.RequestTimeout * 2;
        try
        {
            await _gate.WaitAsync(put.Header.Revision, cancellationToken).WaitAsync(visible, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException(
                $"etcd set {Key} at revision {put.Header.Revision}, but this value's watch did not show it within {visible.TotalSeconds:0.#} s; its watchers will see it once the watch catches up.",
                ex);
        }
    }

    /// <summary>Stops following the key. Watchers made earlier keep their last value and wait for nothing more.</summary>
    /// <returns>A task that completes when the watch is closed.</returns>
    public async ValueTask DisposeAsync()
    {
        Task? feed;
        lock (_lock)
        {
            if (_stop.IsCancellationRequested)
            {
                return;
            }

            _stop.Cancel();
            feed = _feed;
        }

        if (feed is not null)
        {
            await feed.ConfigureAwait(false);
        }

        _stop.Dispose();
    }

    // The watch starts with the first use, so a value made and never used costs no stream.
    private void EnsureFeed()
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_stop.IsCancellationRequested, this);
            _feed ??= Task.Run(() => new WatchFeed(_connection, _key, ByteString.Empty, _target).RunAsync(_stop.Token));
        }
    }

    private void Apply(KeyValue kv)
    {
        // Only newer revisions reach the mirror: a snapshot after a resync may repeat the one already shown.
        if (kv.ModRevision <= _target.KeyRevision)
        {
            return;
        }

        _target.KeyRevision = kv.ModRevision;
        T value;
        try
        {
            value = JsonSerializer.Deserialize<T>(kv.Value.Span, _json)!;
        }
        catch (JsonException ex)
        {
            LogUnreadable(Key, kv.ModRevision, ex.Message);
            return;
        }

        _mirror.Set(value);
    }

    /// <summary>What the watch feed updates: the mirror, then the gate that acknowledges Sets.</summary>
    private sealed class Target(EtcdValue<T> owner) : IWatchTarget
    {
        // Written only by the feed's loop.
        public long KeyRevision { get; set; }

        public long Revision => owner._gate.Revision;

        public async Task ResyncAsync(CancellationToken cancellationToken)
        {
            var connection = owner._connection;
            var response = await connection.Kv.RangeAsync(
                new RangeRequest { Key = owner._key },
                deadline: connection.Deadline(),
                cancellationToken: cancellationToken).ConfigureAwait(false);
            if (response.Kvs.Count > 0)
            {
                owner.Apply(response.Kvs[0]);
            }

            owner._gate.Advance(response.Header.Revision);
        }

        public void ApplyEvents(RepeatedField<Event> events)
        {
            foreach (var e in events)
            {
                if (e.Type == Event.Types.EventType.Put)
                {
                    owner.Apply(e.Kv);
                }

                owner._gate.Advance(e.Kv.ModRevision);
            }
        }

        public void ApplyProgress(long revision) => owner._gate.Advance(revision);

        public void SetConnected(bool connected, Exception? error)
        {
        }
    }
}
