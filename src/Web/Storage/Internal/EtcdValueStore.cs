using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Etcdserverpb;
using EventDashboard.Core.Etcd;
using EventDashboard.Core.Etcd.Internal;
using EventDashboard.Protocol;
using EventDashboard.Web.Values;
using Google.Protobuf;
using Grpc.Core;

namespace EventDashboard.Web.Storage.Internal;

/// <summary>
/// The store of <see cref="StorageProvider.Etcd"/>: the registry's records in an etcd cluster, under one key prefix
/// (the layout is <see cref="EtcdKeys"/>). A group commit is one etcd transaction, acknowledged once etcd committed
/// it, which is once a quorum of members has it on disk.
/// </summary>
/// <remarks>
/// <para>Every commit compares the <c>index</c> key with the index its first record was numbered after: it passes
/// only if no server committed since the state the group's Sets were checked against. A commit that loses is
/// reported, once this server's mirror shows the winner, as <see cref="StoreConflictException"/>
/// (<c>EtcdValueStore.Mirror.cs</c>).</para>
/// <para>Requests never exceed etcd's limits (1.5 MiB, 128 operations): <see cref="MaxGroupSets"/> and
/// <see cref="MaxGroupBytes"/> bound what the registry hands to one commit, and MaxValueBytes is checked at start.</para>
/// <para>A commit is never retried: when etcd does not answer, the store reads its last record back and decides.</para>
/// </remarks>
internal sealed partial class EtcdValueStore : ISharedValueStore
{
    /// <summary>etcd's default request limit (<c>--max-request-bytes</c>).</summary>
    public const int RequestLimitBytes = 1536 * 1024;

    /// <summary>Room kept in every request for keys and record fields besides the values.</summary>
    public const int RequestOverheadBytes = 64 * 1024;

    /// <summary>The largest value this store takes (EventDashboard:MaxValueBytes is checked against it at start).</summary>
    public const int MaxValueBytes = RequestLimitBytes - RequestOverheadBytes;

    // etcd refuses a transaction with more than 128 operations (--max-txn-ops); a Set takes at most five.
    private const int MaxTxnOps = 128;
    private const int ReadBatch = 64;

    private readonly EtcdConnection _connection;
    private readonly EtcdKeys _keys;
    private readonly int _historyLimit;
    private readonly ILogger _logger;
    private readonly StoreWriteGate _writeGate = new();

    // The revision of the last state read (OpenAsync, ImportAsync): the mirror continues after it.
    private long _readRevision;

    // The last index an import batch wrote; guarded by _writeGate.
    private long _importedIndex;

    public EtcdValueStore(EtcdConnection connection, string prefix, int historyLimit, ILogger logger)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(historyLimit, 1);
        _connection = connection;
        _keys = new EtcdKeys(prefix);
        _historyLimit = historyLimit;
        _logger = logger;
    }

    public string Location => $"etcd {_connection.Endpoints} under '{_keys.Prefix}'";

    /// <summary>Gets the most Sets one commit takes: each needs up to five operations of one transaction.</summary>
    public int MaxGroupSets => (MaxTxnOps - 8) / 5;

    /// <summary>Gets the most bytes of values one commit takes: the rest of the request is the records' other fields.</summary>
    public long MaxGroupBytes => MaxValueBytes;

    public async Task<StoreState> OpenAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            // Creates the store when its prefix is empty: identity and index in one transaction, so two servers
            // starting together agree on one identity.
            var create = await TxnAsync(
                new TxnRequest
                {
                    Compare = { new Compare { Key = _keys.StoreId, Target = Compare.Types.CompareTarget.Create, Result = Compare.Types.CompareResult.Equal, CreateRevision = 0 } },
                    Success =
                    {
                        Put(_keys.StoreId, ByteString.CopyFromUtf8(StoreIds.New())),
                        Put(_keys.Index, EtcdKeys.Number(0)),
                    },
                },
                "Opening the store",
                cancellationToken);
            var state = await ReadStateAsync(cancellationToken);
            _appliedIndex = state.LastIndex;
            if (create.Succeeded)
            {
                StoreLog.Created(_logger, Location, state.StoreId);
            }

            var elapsed = Stopwatch.GetElapsedTime(started);
            StoreLog.Opened(_logger, Location, state.StoreId, state.Newest.Count, state.LastIndex, elapsed);
            return state;
        }
        catch (IOException ex)
        {
            throw new StoreOpenException(
                $"The etcd store ({Location}) cannot be opened: {ex.Message} Start etcd, or set EventDashboard:Storage:Etcd:Endpoints to its client URLs.",
                ex);
        }
        catch (TimeoutException ex)
        {
            throw new StoreOpenException(
                $"The etcd store ({Location}) cannot be opened: {ex.Message} Check that a quorum of its members runs.",
                ex);
        }
    }

    public async Task CommitAsync(IReadOnlyList<SetRecord> records, CancellationToken cancellationToken)
    {
        Debug.Assert(records.Count is > 0, "The registry commits non-empty groups.");
        Debug.Assert(records.Count <= MaxGroupSets, "The registry bounds a group by MaxGroupSets.");
        await _writeGate.EnterAsync(cancellationToken);
        try
        {
            var txn = await CommitRequestAsync(records, cancellationToken);
            var lastIndex = records[^1].Index;
            var last = txn.Success.First(op => op.RequestPut?.Key == _keys.Log(lastIndex)).RequestPut.Value;
            TxnResponse response;
            try
            {
                response = await _connection.Kv.TxnAsync(txn, deadline: _connection.Deadline(), cancellationToken: cancellationToken);
            }
            catch (RpcException ex)
            {
                // The transaction may have been applied. It is not retried (a retry would compare against its own
                // write and report a conflict); its last log record tells whether it landed.
                var error = EtcdErrors.Map(ex, $"The commit of log {records[0].Index}..{lastIndex}", _connection, cancellationToken);
                if (error is OperationCanceledException || await LandedAsync(lastIndex, last) is not { } landed)
                {
                    throw error;
                }

                LogAmbiguousCommitLanded(records[0].Index, lastIndex);
                await MirroredAsync(landed, cancellationToken);
                return;
            }

            if (!response.Succeeded)
            {
                var index = response.Responses[0].ResponseRange;
                if (_follower is null)
                {
                    throw Diverged(index);
                }

                await MirroredAsync(index.Kvs.Count == 1 ? index.Kvs[0].ModRevision : response.Header.Revision, cancellationToken);
                throw new StoreConflictException($"Another server committed log index {(index.Kvs.Count == 1 ? index.Kvs[0].Value.ToStringUtf8() : "?")} first.");
            }

            await MirroredAsync(response.Header.Revision, cancellationToken);
        }
        finally
        {
            _writeGate.Exit();
        }
    }

    public async Task<ValueHistory?> ReadHistoryAsync(string name, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var from = _keys.HistoryOf(name);
        var end = EtcdKeys.End(from);

        // Newest entries and the oldest one in one transaction: both from the same revision.
        var read = await TxnAsync(
            new TxnRequest
            {
                Success =
                {
                    new RequestOp { RequestRange = new RangeRequest { Key = from, RangeEnd = end, Limit = limit, SortOrder = RangeRequest.Types.SortOrder.Descend, SortTarget = RangeRequest.Types.SortTarget.Key } },
                    new RequestOp { RequestRange = new RangeRequest { Key = from, RangeEnd = end, Limit = 1, SortOrder = RangeRequest.Types.SortOrder.Ascend, SortTarget = RangeRequest.Types.SortTarget.Key } },
                },
            },
            "Reading history",
            cancellationToken);
        var newest = read.Responses[0].ResponseRange.Kvs;
        if (newest.Count == 0)
        {
            return null;
        }

        var oldest = read.Responses[1].ResponseRange.Kvs[0];
        var records = await ReadRecordsAsync([.. newest.Select(kv => EtcdKeys.Number(kv.Value))], read.Header.Revision, cancellationToken);
        return new ValueHistory(name, VersionOf(oldest.Key), [.. records.Select(r => r.Entry)]);
    }

    public async Task<IReadOnlyList<SetRecord>> ReadLogAsync(long afterIndex, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var page = await RangeAsync(
            new RangeRequest { Key = _keys.Log(afterIndex + 1), RangeEnd = EtcdKeys.End(_keys.LogPrefix), Limit = limit },
            "Reading the log",
            cancellationToken);
        return [.. page.Kvs.Select(kv => EtcdRecords.Read(kv.Value))];
    }

    public async IAsyncEnumerable<SetRecord> ExportAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Every page is read at the revision of the first, so later commits are not included.
        long revision = 0;
        var from = _keys.LogPrefix;
        var end = EtcdKeys.End(_keys.LogPrefix);
        while (true)
        {
            var page = await RangeAsync(new RangeRequest { Key = from, RangeEnd = end, Limit = ReadBatch, Revision = revision }, "Exporting", cancellationToken);
            revision = page.Header.Revision;
            foreach (var kv in page.Kvs)
            {
                yield return EtcdRecords.Read(kv.Value);
            }

            if (!page.More)
            {
                yield break;
            }

            from = ByteString.CopyFrom([.. page.Kvs[^1].Key.Span, 0]);
        }
    }

    public async Task<StoreState> ImportAsync(IAsyncEnumerable<SetRecord> records, CancellationToken cancellationToken)
    {
        await _writeGate.EnterAsync(cancellationToken);
        try
        {
            var index = await RangeAsync(new RangeRequest { Key = _keys.Index }, "Importing", cancellationToken);
            if (index.Kvs.Count == 0 || EtcdKeys.Number(index.Kvs[0].Value) != 0)
            {
                throw new InvalidOperationException("The store is not empty.");
            }

            _importedIndex = 0;

            try
            {
                await ImportRecordsAsync(records, cancellationToken);
            }
            catch
            {
                await ClearAsync();
                throw;
            }

            var state = await ReadStateAsync(cancellationToken);
            await MirroredAsync(_readRevision, cancellationToken);
            return state;
        }
        finally
        {
            _writeGate.Exit();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (await _writeGate.CloseAsync())
        {
            await StopFollowingAsync();
            _connection.Dispose();
        }
    }

    // The compare of every write: no server committed after the given log index.
    private Compare IndexIs(long index) =>
        new() { Key = _keys.Index, Target = Compare.Types.CompareTarget.Value, Result = Compare.Types.CompareResult.Equal, Value = EtcdKeys.Number(index) };

    private static RequestOp Put(ByteString key, ByteString value) => new() { RequestPut = new PutRequest { Key = key, Value = value } };

    private static RequestOp Delete(ByteString key) => new() { RequestDeleteRange = new DeleteRangeRequest { Key = key } };

    private static long VersionOf(ByteString historyKey)
    {
        var key = historyKey.ToStringUtf8();
        return long.Parse(key.AsSpan(key.LastIndexOf('/') + 1), System.Globalization.CultureInfo.InvariantCulture);
    }

    // The transaction of one group: each record, its history pointer and its name's newest pointer, the history
    // beyond the limit pruned, and the index moved on, all under the compare of the index's mod revision.
    private async Task<TxnRequest> CommitRequestAsync(IReadOnlyList<SetRecord> records, CancellationToken cancellationToken)
    {
        var newest = new Dictionary<string, SetRecord>(StringComparer.Ordinal);
        foreach (var record in records)
        {
            newest[record.Name] = record;
        }

        var txn = new TxnRequest
        {
            Compare = { IndexIs(records[0].Index - 1) },
            Failure = { new RequestOp { RequestRange = new RangeRequest { Key = _keys.Index } } },
        };

        // Records already beyond the limit within this group are never written (a transaction cannot both put and
        // delete one key), just as the other stores drop them at once.
        foreach (var record in records)
        {
            if (record.Entry.Version > newest[record.Name].Entry.Version - _historyLimit)
            {
                txn.Success.Add(Put(_keys.Log(record.Index), EtcdRecords.Write(record)));
                txn.Success.Add(Put(_keys.History(record.Name, record.Entry.Version), EtcdKeys.Number(record.Index)));
            }
        }

        foreach (var (name, record) in newest)
        {
            txn.Success.Add(Put(_keys.Value(name), EtcdKeys.Number(record.Index)));
        }

        foreach (var pruned in await PrunedAsync(newest.Values, cancellationToken))
        {
            txn.Success.Add(Delete(pruned.Key));
            txn.Success.Add(Delete(_keys.Log(EtcdKeys.Number(pruned.Value))));
        }

        txn.Success.Add(Put(_keys.Index, EtcdKeys.Number(records[^1].Index)));
        return txn;
    }

    // The stored history pointers that the group pushes beyond the limit, read in one transaction.
    private async Task<List<Mvccpb.KeyValue>> PrunedAsync(IEnumerable<SetRecord> newest, CancellationToken cancellationToken)
    {
        var read = new TxnRequest();
        foreach (var record in newest.Where(r => r.Entry.Version > _historyLimit))
        {
            read.Success.Add(new RequestOp
            {
                RequestRange = new RangeRequest
                {
                    Key = _keys.HistoryOf(record.Name),
                    RangeEnd = _keys.History(record.Name, record.Entry.Version - _historyLimit + 1),
                },
            });
        }

        if (read.Success.Count == 0)
        {
            return [];
        }

        var response = await TxnAsync(read, "Reading the history to prune", cancellationToken);
        return [.. response.Responses.SelectMany(r => r.ResponseRange.Kvs)];
    }

    // After a commit without an answer: its last record is in the log, byte for byte, if it was applied (another
    // server's record at that index would differ at least in its time). Returns the revision it landed at.
    private async Task<long?> LandedAsync(long lastIndex, ByteString written)
    {
        try
        {
            var log = await _connection.Kv.RangeAsync(new RangeRequest { Key = _keys.Log(lastIndex) }, deadline: _connection.Deadline());
            if (log.Kvs.Count == 1 && log.Kvs[0].Value == written)
            {
                return log.Kvs[0].ModRevision;
            }
        }
        catch (RpcException)
        {
            // Still unknown: the group fails. If it landed after all, the mirror shows it (a write the caller was told failed).
        }

        return null;
    }

    private InvalidOperationException Diverged(RangeResponse index)
    {
        var now = index.Kvs.Count == 1 ? EtcdKeys.Number(index.Kvs[0].Value).ToString(System.Globalization.CultureInfo.InvariantCulture) : "missing";
        return new InvalidOperationException(
            $"The etcd store ({Location}) changed behind this server: its log index is now {now}. Another EventDashboard server writes under the same prefix, or an earlier commit that etcd did not confirm was applied after all. Restart this server to load the store's state, and give each server that does not share its values a prefix of its own.");
    }

    private async Task<StoreState> ReadStateAsync(CancellationToken cancellationToken)
    {
        var head = await TxnAsync(
            new TxnRequest
            {
                Success =
                {
                    new RequestOp { RequestRange = new RangeRequest { Key = _keys.StoreId } },
                    new RequestOp { RequestRange = new RangeRequest { Key = _keys.Index } },
                    new RequestOp { RequestRange = new RangeRequest { Key = _keys.ValuesPrefix, RangeEnd = EtcdKeys.End(_keys.ValuesPrefix) } },
                    new RequestOp { RequestRange = new RangeRequest { Key = _keys.AccessKeysPrefix, RangeEnd = EtcdKeys.End(_keys.AccessKeysPrefix) } },
                },
            },
            "Reading the store",
            cancellationToken);
        var storeId = head.Responses[0].ResponseRange.Kvs.FirstOrDefault()?.Value.ToStringUtf8()
            ?? throw new StoreOpenException($"The etcd store ({Location}) has no store id; its keys were changed by hand. Restore it from a backup into an empty prefix.");
        var index = head.Responses[1].ResponseRange.Kvs[0];
        _readRevision = head.Header.Revision;
        var pointers = head.Responses[2].ResponseRange.Kvs.Select(kv => EtcdKeys.Number(kv.Value)).ToList();
        var newest = await ReadRecordsAsync(pointers, head.Header.Revision, cancellationToken);
        ReplaceKeys(head.Responses[3].ResponseRange.Kvs);
        return new StoreState(storeId, EtcdKeys.Number(index.Value), newest);
    }

    // The log records at the given indexes, as of one revision, in the order given; a few per transaction, so no
    // answer grows past what one value may take.
    private async Task<List<SetRecord>> ReadRecordsAsync(List<long> indexes, long revision, CancellationToken cancellationToken)
    {
        var records = new List<SetRecord>(indexes.Count);
        foreach (var batch in indexes.Chunk(8))
        {
            var read = new TxnRequest();
            read.Success.AddRange(batch.Select(i => new RequestOp { RequestRange = new RangeRequest { Key = _keys.Log(i), Revision = revision } }));
            var response = await TxnAsync(read, "Reading records", cancellationToken);
            foreach (var range in response.Responses)
            {
                records.Add(EtcdRecords.Read(range.ResponseRange.Kvs.Single().Value));
            }
        }

        return records;
    }

    private async Task ImportRecordsAsync(IAsyncEnumerable<SetRecord> records, CancellationToken cancellationToken)
    {
        // Written in batches that fit one request each; retention and the newest pointers come at the end, when
        // every name's last version is known.
        var retained = new Dictionary<string, Queue<SetRecord>>(StringComparer.Ordinal);
        var batch = new TxnRequest();
        long bytes = 0;
        long lastIndex = 0;
        await foreach (var record in records.WithCancellation(cancellationToken))
        {
            var size = JsonMarshal.GetRawUtf8Value(record.Entry.Value).Length;
            if (batch.Success.Count + 2 > MaxTxnOps - 1 || bytes + size > MaxGroupBytes)
            {
                await ImportBatchAsync(batch, lastIndex, cancellationToken);
                batch = new TxnRequest();
                bytes = 0;
            }

            batch.Success.Add(Put(_keys.Log(record.Index), EtcdRecords.Write(record)));
            batch.Success.Add(Put(_keys.History(record.Name, record.Entry.Version), EtcdKeys.Number(record.Index)));
            bytes += size;
            lastIndex = record.Index;
            if (!retained.TryGetValue(record.Name, out var history))
            {
                retained[record.Name] = history = new Queue<SetRecord>();
            }

            history.Enqueue(record);
        }

        await ImportBatchAsync(batch, lastIndex, cancellationToken);
        var ops = new List<RequestOp>();
        foreach (var (name, history) in retained)
        {
            while (history.Count > _historyLimit)
            {
                var dropped = history.Dequeue();
                ops.Add(Delete(_keys.History(name, dropped.Entry.Version)));
                ops.Add(Delete(_keys.Log(dropped.Index)));
            }

            ops.Add(Put(_keys.Value(name), EtcdKeys.Number(history.Last().Index)));
        }

        foreach (var chunk in ops.Chunk(MaxTxnOps - 1))
        {
            batch = new TxnRequest();
            batch.Success.AddRange(chunk);
            await ImportBatchAsync(batch, lastIndex, cancellationToken);
        }
    }

    private async Task ImportBatchAsync(TxnRequest batch, long lastIndex, CancellationToken cancellationToken)
    {
        if (batch.Success.Count == 0)
        {
            return;
        }

        batch.Compare.Add(IndexIs(_importedIndex));
        batch.Failure.Add(new RequestOp { RequestRange = new RangeRequest { Key = _keys.Index } });
        batch.Success.Add(Put(_keys.Index, EtcdKeys.Number(lastIndex)));
        var response = await TxnAsync(batch, "Importing", cancellationToken);
        if (!response.Succeeded)
        {
            throw Diverged(response.Responses[0].ResponseRange);
        }

        _importedIndex = lastIndex;
    }

    // Undoes a failed import: the store was empty before it, so everything but its identity goes.
    private async Task ClearAsync()
    {
        try
        {
            var clear = new TxnRequest
            {
                Success =
                {
                    new RequestOp { RequestDeleteRange = new DeleteRangeRequest { Key = _keys.LogPrefix, RangeEnd = EtcdKeys.End(_keys.LogPrefix) } },
                    new RequestOp { RequestDeleteRange = new DeleteRangeRequest { Key = _keys.HistoryPrefix, RangeEnd = EtcdKeys.End(_keys.HistoryPrefix) } },
                    new RequestOp { RequestDeleteRange = new DeleteRangeRequest { Key = _keys.ValuesPrefix, RangeEnd = EtcdKeys.End(_keys.ValuesPrefix) } },
                    Put(_keys.Index, EtcdKeys.Number(0)),
                },
            };
            await _connection.Kv.TxnAsync(clear, deadline: _connection.Deadline());
        }
        catch (RpcException ex)
        {
            LogImportNotUndone(Location, ex.Status.Detail);
        }
    }

    private async Task<TxnResponse> TxnAsync(TxnRequest request, string what, CancellationToken cancellationToken)
    {
        try
        {
            return await _connection.Kv.TxnAsync(request, deadline: _connection.Deadline(), cancellationToken: cancellationToken);
        }
        catch (RpcException ex)
        {
            throw EtcdErrors.Map(ex, what, _connection, cancellationToken);
        }
    }

    private async Task<RangeResponse> RangeAsync(RangeRequest request, string what, CancellationToken cancellationToken)
    {
        try
        {
            return await _connection.Kv.RangeAsync(request, deadline: _connection.Deadline(), cancellationToken: cancellationToken);
        }
        catch (RpcException ex)
        {
            throw EtcdErrors.Map(ex, what, _connection, cancellationToken);
        }
    }
}
