using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Unicode;
using System.Threading.Channels;
using EventDashboard.Core;
using EventDashboard.Protocol;
using EventDashboard.Web.Operations;
using EventDashboard.Web.Storage.Internal;
using EventDashboard.Web.Values.Internal;

namespace EventDashboard.Web.Values;

/// <summary>
/// The named values the server hosts, kept by a store. Every Set and delete, whatever its path (HTTP, hub,
/// dashboard, demo), goes through <see cref="SetAsync(string, ReadOnlySpan{byte}, SetOrigin, long?)"/> or
/// <see cref="DeleteAsync"/>, which validate everything before they change anything, so a rejected Set leaves no
/// trace; and a Set is acknowledged, and seen by any watcher, only once the store made it durable.
/// </summary>
/// <remarks>
/// <para>Sets are numbered under one lock, in the order they are accepted, and queued; one loop commits whatever
/// is queued as one group (so while one fsync is in flight, the Sets that arrive join the next), then publishes
/// the group to the values' watchers and the log, in order, and only then acknowledges it.</para>
/// <para>Compare-and-set is checked against the newest <em>accepted</em> version, so two Sets in one group see
/// each other. When a commit fails, its group and everything queued behind it (numbered on top of it) fail
/// together, and the accepted versions fall back to the durable ones: nothing unacknowledged survives, and
/// nothing acknowledged is missing.</para>
/// </remarks>
[DebuggerDisplay("Count = {Count}, Store = {StoreId}")]
public sealed partial class ValueRegistry : IAsyncDisposable
{
    /// <summary>
    /// The <c>expectedVersion</c> that asks only that the value exists, whatever its version (HTTP's <c>If-Match: *</c>).
    /// </summary>
    public const long AnyExistingVersion = -1;

    /// <summary>
    /// The deepest nesting a value may have. System.Text.Json reads and writes at most 64 levels, and every message
    /// that carries a value wraps it in a few more (a history entry in a list in an object, a SignalR invocation), so
    /// a value accepted at 64 could never be sent back.
    /// </summary>
    internal const int MaxValueDepth = 56;

    // A group commit takes at most this many Sets, so one transaction stays a bounded amount of work.
    private const int MaxGroup = 1024;
    private const int LogPage = 256;

    // How often a Set is checked and numbered again after other servers' commits beat it (a shared store).
    private const int MaxCommitAttempts = 20;
    private static readonly JsonElement JsonNull = JsonSerializer.SerializeToElement<object?>(null);

    private readonly ConcurrentDictionary<string, HostedValue> _values = new(StringComparer.Ordinal);
    private readonly EventDashboardOptions _options;
    private readonly IValueStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly EventDashboardMetrics? _metrics;

    // Guards accepting a Set: the compare-and-set check, numbering and queueing are one step. Also guards the
    // accepted state of every HostedValue, _acceptedIndex and _status.
    private readonly Lock _setLock = new();
    private readonly Channel<PendingSet> _queue = Channel.CreateUnbounded<PendingSet>(new UnboundedChannelOptions { SingleReader = true });
    private long _acceptedIndex;
    private Status _status;
    private Task _committing = Task.CompletedTask;

    // Completed when a running import has ended; DisposeAsync waits for it before it closes the store.
    private Task _importing = Task.CompletedTask;

    // Written by the commit loop only (and by loading, which happens while the loop is idle).
    private long _durableIndex;
    private string? _writeFailure;
    private string _storeId = string.Empty;

    // The registry-wide log of durable Sets: the newest commits in memory, for readers that resume close to the
    // present; everything older is read from the store. _logBaseIndex is the index before the log's first item.
    private readonly EventBuffer<SetRecord> _log;
    private long _logBaseIndex;

    // The number of values that exist, as a value set whenever it changes or a name is created: SubscribeAll
    // follows it to pick up new names.
    private readonly MemoryValue<int> _names = new();

    // A counter of every change of any value, as a value: list pages follow it, newest only.
    private readonly MemoryValue<long> _changes = new();
    // The tag of each WatcherKind in the watchers gauge, made once.
    private static readonly string[] WatcherKindNames =
        [.. Enum.GetValues<WatcherKind>().Select(kind => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(kind.ToString()))];

    private readonly int[] _watcherTotals = new int[Enum.GetValues<WatcherKind>().Length];
    private long _changeCount;
    private int _nameCount;

    internal ValueRegistry(
        EventDashboardOptions options, IValueStore store, TimeProvider time, ILogger<ValueRegistry> logger, EventDashboardMetrics? metrics = null)
    {
        _options = options;
        _store = store;
        _time = time;
        _logger = logger;
        _metrics = metrics;
        metrics?.ObserveValues(() => Count);
        metrics?.ObserveWatchers(() => Enum.GetValues<WatcherKind>().Select(kind => new Measurement<int>(
            Volatile.Read(ref _watcherTotals[(int)kind]), new KeyValuePair<string, object?>("kind", WatcherKindNames[(int)kind]))));
        _log = new EventBuffer<SetRecord>(options.LogCapacity, options.MaxRetainedBytes, static records => records.Sum(r => r.Entry.Value.ValueKind == JsonValueKind.Undefined ? 0L : JsonMarshal.GetRawUtf8Value(r.Entry.Value).Length));
        _names.Set(0);

        // Set once, so a watcher's first Get returns at once: a page that loaded the list and then started watching
        // reloads it once, and cannot miss a change made in between.
        _changes.Set(0);
    }

    private enum Status
    {
        NotOpen,
        Open,
        Importing,
        Closed,
    }

    /// <summary>Gets the identity of the store, made when it was created; empty until the store is open.</summary>
    public string StoreId => Volatile.Read(ref _storeId);

    /// <summary>Gets how many values exist now (set and not deleted).</summary>
    public int Count => Volatile.Read(ref _nameCount);

    /// <summary>Gets why the last write to the store failed, or <see langword="null"/> while writes succeed.</summary>
    public string? WriteFailure => Volatile.Read(ref _writeFailure);

    /// <summary>Gets a text that says where the values are kept, such as the database file.</summary>
    public string StoreLocation => _store.Location;

    /// <summary>Gets the snapshots of every value that exists, sorted by name (ordinal).</summary>
    /// <returns>The snapshots.</returns>
    public IReadOnlyList<ValueSnapshot> List() => List(string.Empty);

    /// <summary>Gets the snapshot of a value.</summary>
    /// <param name="name">The value's name.</param>
    /// <returns>The snapshot, or <see langword="null"/> when the value does not exist (or the name is invalid).</returns>
    public ValueSnapshot? Get(string name) => _values.TryGetValue(name, out var value) ? value.Snapshot() : null;

    /// <summary>Gets the newest durable version of a name: of its value, or of its delete; 0 when never set.</summary>
    /// <param name="name">The value's name.</param>
    /// <returns>The version.</returns>
    public long GetVersion(string name) => _values.TryGetValue(name, out var value) ? value.Version : 0;

    /// <summary>Gets the retained history of a value, newest first, read from the store.</summary>
    /// <param name="name">The value's name.</param>
    /// <param name="limit">The most entries to return, at least 1.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>A task whose result is the history (of a deleted value too), or <see langword="null"/> when the name has none.</returns>
    public Task<ValueHistory?> GetHistoryAsync(string name, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        return ValueName.IsValid(name) ? _store.ReadHistoryAsync(name, limit, cancellationToken) : Task.FromResult<ValueHistory?>(null);
    }

    /// <summary>Gets how many live watchers a value has (0 for a name nobody watches).</summary>
    /// <param name="name">The value's name.</param>
    /// <returns>The watcher count.</returns>
    public int GetWatcherCount(string name) => _values.TryGetValue(name, out var value) ? value.Watchers : 0;

    /// <summary>Sets a value from UTF-8 JSON text, such as a request body or a posted form field.</summary>
    /// <param name="name">The value's name.</param>
    /// <param name="utf8Json">One JSON document.</param>
    /// <param name="origin">Who sets it, for the history.</param>
    /// <param name="expectedVersion">
    /// For compare-and-set, the version the value must have now: 0 for "does not exist" (never set, or deleted),
    /// <see cref="AnyExistingVersion"/> for "exists"; <see langword="null"/> to set unconditionally.
    /// </param>
    /// <returns>A task whose result is the outcome; nothing changed unless it <see cref="SetOutcome.Succeeded"/>, and then the Set is durable.</returns>
    public ValueTask<SetOutcome> SetAsync(string name, ReadOnlySpan<byte> utf8Json, SetOrigin origin, long? expectedVersion = null)
    {
        ArgumentNullException.ThrowIfNull(origin);
        var start = Stopwatch.GetTimestamp();
        return Measure(
            Parse(name, utf8Json) switch
            {
                { Rejection: { } rejected } => Task.FromResult(rejected),
                { Value: var value } => ChangeAsync(name, value, origin, expectedVersion, delete: false),
            },
            origin.Source,
            start);
    }

    /// <summary>Sets a value from a parsed JSON element, such as a hub argument.</summary>
    /// <param name="name">The value's name.</param>
    /// <param name="value">The JSON value; it is copied, so the caller may dispose its document.</param>
    /// <param name="origin">Who sets it, for the history.</param>
    /// <param name="expectedVersion">As for <see cref="SetAsync(string, ReadOnlySpan{byte}, SetOrigin, long?)"/>.</param>
    /// <returns>A task whose result is the outcome; nothing changed unless it <see cref="SetOutcome.Succeeded"/>.</returns>
    public ValueTask<SetOutcome> SetAsync(string name, JsonElement value, SetOrigin origin, long? expectedVersion = null)
    {
        if (value.ValueKind == JsonValueKind.Undefined)
        {
            return ValueTask.FromResult(Reject(name, SetOutcomeKind.InvalidJson, "The value is missing: send one JSON document (null is a valid one)."));
        }

        // Parsed again from its text, so a hub argument passes the same checks (and depth limit) as a request body.
        return SetAsync(name, JsonMarshal.GetRawUtf8Value(value), origin, expectedVersion);
    }

    /// <summary>
    /// Deletes a value: a new version that holds no value, seen by every watcher. Setting the name again continues
    /// its versions after the delete.
    /// </summary>
    /// <param name="name">The value's name.</param>
    /// <param name="origin">Who deletes it, for the history.</param>
    /// <param name="expectedVersion">For compare-and-delete, the version the value must have now; <see langword="null"/> to delete it whatever it is.</param>
    /// <returns>
    /// A task whose result is the outcome: <see cref="SetOutcomeKind.Deleted"/> with the <see cref="SetOutcome.Deletion"/>,
    /// or <see cref="SetOutcomeKind.NotFound"/> when the value does not exist.
    /// </returns>
    public Task<SetOutcome> DeleteAsync(string name, SetOrigin origin, long? expectedVersion = null)
    {
        ArgumentNullException.ThrowIfNull(origin);
        var start = Stopwatch.GetTimestamp();
        return Measure(
            ValueName.IsValid(name)
                ? ChangeAsync(name, JsonNull, origin, expectedVersion, delete: true)
                : Task.FromResult(Reject(name, SetOutcomeKind.InvalidName, ValueName.Describe(name))),
            origin.Source,
            start).AsTask();
    }

    /// <summary>
    /// Creates a watcher of a value's snapshots; it counts as one of the value's watchers until disposed. The name
    /// need not exist: the first Get then waits for its next Set. Deletes are skipped (they have no snapshot).
    /// </summary>
    /// <param name="name">The value's name.</param>
    /// <returns>The watcher; dispose it when done.</returns>
    /// <exception cref="ArgumentException">The name breaks the naming rule.</exception>
    public IWatcher<ValueSnapshot> Watch(string name) => WatchStates(name, WatcherKind.Server);

    /// <summary>
    /// Creates a counted watcher like <see cref="Watch(string)"/> that also returns the states themselves, deletes
    /// included: one object per Set, shared by every watcher, so a push can be built once per Set.
    /// </summary>
    internal SnapshotWatcher WatchStates(string name, WatcherKind kind)
    {
        // Under the lock, so the entry cannot be forgotten (see Forget) between finding it and counting this watcher.
        lock (_setLock)
        {
            return GetOrAdd(name).Watch(kind);
        }
    }

    /// <summary>Gets a value's live watchers by kind (kinds without any are left out).</summary>
    /// <param name="name">The value's name.</param>
    /// <returns>The counts.</returns>
    public IReadOnlyDictionary<WatcherKind, int> GetWatchersByKind(string name) =>
        _values.TryGetValue(name, out var value) ? value.WatchersByKind() : new Dictionary<WatcherKind, int>();

    /// <summary>
    /// Creates a watcher that wakes after any change of any value: a Set, a delete, a watcher count. Newest only: a
    /// burst of changes wakes it once, which is what a page that redraws the whole list needs.
    /// </summary>
    /// <returns>The watcher; dispose it when done.</returns>
    public IWatcher<long> WatchChanges() => _changes.Watch();

    internal void OnChanged() => _changes.Set(Interlocked.Increment(ref _changeCount));

    internal void OnWatchersChanged(WatcherKind kind, int delta)
    {
        Interlocked.Add(ref _watcherTotals[(int)kind], delta);
        OnChanged();
    }

    /// <summary>Creates a watcher of a value's watcher count; it is not counted itself.</summary>
    internal IWatcher<WatchersChange> WatchWatcherCount(string name)
    {
        lock (_setLock)
        {
            return GetOrAdd(name).WatchWatcherCount();
        }
    }

    /// <summary>Gets how many names the registry holds an entry for: set, deleted and watched ones. For tests.</summary>
    internal int TrackedCount => _values.Count;

    /// <summary>Creates a watcher that wakes whenever the number of existing values changes or a value is created.</summary>
    internal IWatcher<int> WatchNames() => _names.Watch();

    /// <summary>Gets the newest durable state of a name, deletes included, or <see langword="null"/> when never set.</summary>
    internal ValueState? GetState(string name) => _values.TryGetValue(name, out var value) ? value.Current : null;

    /// <summary>Makes the snapshot of a state <see cref="GetState"/> or a watcher returned (not a delete).</summary>
    internal ValueSnapshot ToSnapshot(string name, ValueState state) => _values[name].ToSnapshot(state);

    internal ValueDeletion ToDeletion(string name, ValueState state) => _values[name].ToDeletion(state);

    /// <summary>
    /// Gets the <see cref="SetRecord.Index"/> of the newest Set in the log (0 when nothing was ever set), so a reader
    /// that wants only the newest Sets can start <see cref="ReadLogAsync"/> a little before it.
    /// </summary>
    internal long LastIndex => IndexOf(_log.Head);

    /// <summary>Gets how many of the newest Sets the log keeps in memory now (LogCapacity and MaxRetainedBytes bound it).</summary>
    internal int RetainedLogSets => _log.Count;

    /// <summary>
    /// Streams every retained Set of every value with an <see cref="SetRecord.Index"/> above
    /// <paramref name="afterIndex"/>, then every later Set as it becomes durable. Indexes continue across restarts.
    /// Sets older than the history retention are gone: check the indexes for a gap.
    /// </summary>
    /// <param name="afterIndex">The last index the reader has seen; 0 for everything retained.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The Sets in order; the enumeration ends only by cancellation.</returns>
    public async IAsyncEnumerable<SetRecord> ReadLogAsync(long afterIndex = 0, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var last = afterIndex;

        // Oldest before Head: Head is then reachable from Oldest, however many commits happen in between.
        var oldest = _log.Oldest;
        var item = _log.Head;
        var headIndex = IndexOf(item);
        if (last < headIndex)
        {
            if (oldest.NextNoBlock() is { Events: [var first, ..] } && first.Index <= last + 1)
            {
                // The retained window reaches back to the reader: catch up from memory.
                for (var at = oldest; at != item;)
                {
                    at = at.NextNoBlock()!;
                    await foreach (var record in WithGapFilledAsync(at.Events!, last, cancellationToken))
                    {
                        last = record.Index;
                        yield return record;
                    }
                }
            }
            else
            {
                await foreach (var record in ReadStoreAsync(last, headIndex, cancellationToken))
                {
                    last = record.Index;
                    yield return record;
                }
            }
        }

        while (true)
        {
            item = await item.NextAsync(cancellationToken);
            await foreach (var record in WithGapFilledAsync(item.Events!, last, cancellationToken))
            {
                last = record.Index;
                yield return record;
            }

            // A reader that fell out of the retained window would keep every commit after its position alive,
            // however far behind it is. It moves to the newest commit instead and reads what it missed from the store.
            if (_log.Oldest.NextNoBlock() is { Events: [var oldestKept, ..] } && oldestKept.Index > last + 1)
            {
                item = _log.Head;
                await foreach (var record in ReadStoreAsync(last, IndexOf(item), cancellationToken))
                {
                    last = record.Index;
                    yield return record;
                }
            }
        }
    }

    /// <summary>Streams every retained Set in log order, as of one instant: what <c>GET /api/export</c> writes.</summary>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The Sets.</returns>
    public IAsyncEnumerable<SetRecord> ExportAsync(CancellationToken cancellationToken = default) => _store.ExportAsync(cancellationToken);

    /// <summary>
    /// Loads exported Sets into the store, which must be empty (nothing was ever set): all of them, or none.
    /// Watchers then see each value's newest version. Sets are refused meanwhile.
    /// </summary>
    /// <param name="records">The Sets, in log order: indexes and each name's versions strictly increasing.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>A task whose result is how many values exist afterwards.</returns>
    /// <exception cref="InvalidDataException">A record is out of order or invalid; nothing was imported.</exception>
    /// <exception cref="StoreNotEmptyException">The store is not empty; nothing was imported.</exception>
    /// <exception cref="StoreUnavailableException">The store cannot take writes now; nothing was imported.</exception>
    public async Task<int> ImportAsync(IAsyncEnumerable<SetRecord> records, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_setLock)
        {
            if (_status != Status.Open)
            {
                throw new StoreUnavailableException(UnavailableReason());
            }

            if (_acceptedIndex != 0)
            {
                throw new StoreNotEmptyException("The store is not empty: import loads a backup into a new store only. Start a server on an empty data folder and import there.");
            }

            _status = Status.Importing;
            _importing = done.Task;
        }

        try
        {
            var state = await _store.ImportAsync(CheckImport(records, cancellationToken), cancellationToken);
            lock (_setLock)
            {
                // A shared store's import came through the mirror like any commit.
                if (_store is ISharedValueStore)
                {
                    LogImported(state.Newest.Count, state.LastIndex);
                    return Count;
                }

                Load(state);
                if (state.Newest.MaxBy(r => r.Index) is { } newest)
                {
                    // Live log readers wake on this and read the rest of the import from the store (a gap). The
                    // commit loop, the log's other writer, is idle: nothing was accepted, and nothing can be meanwhile.
                    _log.Append([newest]);
                }
            }

            LogImported(state.Newest.Count, state.LastIndex);
            return Count;
        }
        finally
        {
            lock (_setLock)
            {
                if (_status == Status.Importing)
                {
                    _status = Status.Open;
                }
            }

            done.SetResult();
        }
    }

    /// <summary>Stops taking Sets, waits until those accepted are committed, and closes the store.</summary>
    /// <returns>A task that completes when the store is closed.</returns>
    public async ValueTask DisposeAsync()
    {
        lock (_setLock)
        {
            if (_status == Status.Closed)
            {
                return;
            }

            _status = Status.Closed;
            _queue.Writer.TryComplete();
        }

        try
        {
            await _committing;
            await _importing;
        }
        finally
        {
            await _store.DisposeAsync();

            // Live log readers end instead of waiting for a commit that will never come.
            _log.AppendError(new ObjectDisposedException(nameof(ValueRegistry), "The server is stopping; the log ends here."));
        }
    }

    /// <summary>Opens the store and loads the newest state of every name; the registry takes Sets from then on.</summary>
    /// <exception cref="Storage.StoreOpenException">The store cannot be used.</exception>
    internal async Task OpenAsync(CancellationToken cancellationToken)
    {
        var state = await _store.OpenAsync(cancellationToken);
        lock (_setLock)
        {
            if (_status == Status.Closed)
            {
                // Disposed while opening (the host stopped during start): the store is closed by the caller's disposal.
                return;
            }

            Debug.Assert(_status == Status.NotOpen, "a registry is opened once");
            Load(state);
            _logBaseIndex = state.LastIndex;
            _status = Status.Open;

            // From the state just loaded on, every server's commits come through the mirror (ApplyCommitted). Before
            // the commit loop starts: a shared store's first commit already waits for its mirror.
            (_store as ISharedValueStore)?.Follow(new Follower(this));
            _committing = Task.Run(CommitLoopAsync, CancellationToken.None);
        }
    }

    // A name that was watched but never set would otherwise stay in memory for good, one entry per name anybody
    // ever waited for. Under the lock no watcher can be added and no Set accepted, so the check is final.
    internal void Forget(HostedValue value)
    {
        lock (_setLock)
        {
            if (value.IsUnused && value.Version == 0)
            {
                _values.TryRemove(KeyValuePair.Create(value.Name, value));
            }
        }
    }

    private HostedValue GetOrAdd(string name)
    {
        if (!ValueName.IsValid(name))
        {
            throw new ArgumentException(ValueName.Describe(name), nameof(name));
        }

        return _values.GetOrAdd(name, static (n, registry) => new HostedValue(n, registry), this);
    }

    private (SetOutcome? Rejection, JsonElement Value) Parse(string name, ReadOnlySpan<byte> utf8Json)
    {
        if (!ValueName.IsValid(name))
        {
            return (Reject(name, SetOutcomeKind.InvalidName, ValueName.Describe(name)), default);
        }

        if (utf8Json.Length > _options.MaxValueBytes)
        {
            return (Reject(name, SetOutcomeKind.TooLarge, $"The value is {utf8Json.Length} bytes of JSON; the limit is {_options.MaxValueBytes} bytes."), default);
        }

        // The JSON reader does not check the bytes inside strings: invalid UTF-8 would be stored and come back as U+FFFD.
        if (!Utf8.IsValid(utf8Json))
        {
            return (Reject(name, SetOutcomeKind.InvalidJson, "The value is not valid JSON: it is not UTF-8 text."), default);
        }

        try
        {
            var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { MaxDepth = MaxValueDepth });
            var value = JsonElement.ParseValue(ref reader);
            if (reader.Read())
            {
                // ParseValue stops after the first document; anything but whitespace after it is a second one.
                throw new JsonException("Only one JSON document is allowed, but more text follows it.");
            }

            return (null, value);
        }
        catch (JsonException ex)
        {
            return (Reject(name, SetOutcomeKind.InvalidJson, $"The value is not valid JSON: {ex.Message}"), default);
        }
    }

    // Records the answer in eventdashboard.sets and eventdashboard.set.duration once it is known, outside the lock;
    // an answer that is already there (a rejection) is recorded without a continuation.
    private ValueTask<SetOutcome> Measure(Task<SetOutcome> outcome, string source, long start)
    {
        if (_metrics is not { } metrics)
        {
            return new(outcome);
        }

        if (outcome.IsCompletedSuccessfully)
        {
            metrics.RecordSet(source, outcome.Result.Kind, start);
            return ValueTask.FromResult(outcome.Result);
        }

        return AwaitAsync(outcome, source, start, metrics);

        static async ValueTask<SetOutcome> AwaitAsync(Task<SetOutcome> outcome, string source, long start, EventDashboardMetrics metrics)
        {
            var result = await outcome;
            metrics.RecordSet(source, result.Kind, start);
            return result;
        }
    }

    private async Task<SetOutcome> ChangeAsync(string name, JsonElement value, SetOrigin origin, long? expectedVersion, bool delete)
    {
        PendingSet pending;
        bool created;
        for (var attempt = 1; ; attempt++)
        {
            (var accepted, created, var rejected) = Accept(name, value, origin, expectedVersion, delete);
            if (accepted is null)
            {
                return await rejected!;
            }

            pending = accepted;
            var error = await pending.Done;
            if (error is StoreConflictException && attempt < MaxCommitAttempts)
            {
                // Another server's Sets came first and are mirrored now: check and number this one again.
                continue;
            }

            if (error is not null)
            {
                return Reject(name, SetOutcomeKind.Unavailable, $"It was not applied: the store could not write it ({error.Message}). Reads still work.");
            }

            break;
        }

        if (created && !delete)
        {
            LogCreated(name, origin.Source, origin.Remote ?? "in-process");
        }

        var target = pending.Target;
        return delete
            ? new SetOutcome(SetOutcomeKind.Deleted, null, null) { Deletion = target.ToDeletion(pending.State) }
            : new SetOutcome(created ? SetOutcomeKind.Created : SetOutcomeKind.Updated, target.ToSnapshot(pending.State), null);
    }

    // Checks a Set against the newest accepted state and, if it passes, numbers it and queues it for the next
    // group commit: one step under the lock, so no other Set can slip in between the check and the numbering.
    private (PendingSet? Pending, bool Created, Task<SetOutcome>? Rejected) Accept(
        string name, JsonElement value, SetOrigin origin, long? expectedVersion, bool delete)
    {
        lock (_setLock)
        {
            // Looked up without adding: a rejected Set must not leave an entry behind.
            var existing = _values.GetValueOrDefault(name);
            var version = existing?.AcceptedVersion ?? 0;
            var exists = existing?.AcceptedExists ?? false;
            if (_status != Status.Open)
            {
                return (null, false, Task.FromResult(Reject(name, SetOutcomeKind.Unavailable, UnavailableReason())));
            }

            if (StaleReason is { } stale)
            {
                return (null, false, Task.FromResult(Reject(name, SetOutcomeKind.Unavailable, $"{stale} Writes are refused until it is back; reads are served from this server's copy, which may be behind.")));
            }

            if (delete && !exists)
            {
                var detail = version == 0 ? $"'{name}' has never been set." : $"'{name}' was deleted at version {version}.";
                return (null, false, Task.FromResult(Reject(name, SetOutcomeKind.NotFound, detail)));
            }

            if (Mismatch(name, expectedVersion, version, exists) is { } mismatch)
            {
                return (null, false, ConflictAsync(name, existing?.Pending, mismatch));
            }

            var hosted = existing ?? GetOrAdd(name);
            var now = _time.GetUtcNow();
            var state = new ValueState(version + 1, value, now, delete, ++_acceptedIndex);
            var record = new SetRecord(state.Index, name, new HistoryEntry(state.Version, value, now, origin.Source, origin.Remote, origin.Who, delete, origin.Note));
            var pending = new PendingSet(hosted, record, state);
            hosted.AcceptedVersion = state.Version;
            hosted.AcceptedExists = !delete;
            hosted.Pending = pending.Done;
            if (!_queue.Writer.TryWrite(pending))
            {
                // Only a commit loop that died of an unexpected error completes the queue while the status is Open.
                hosted.AcceptedVersion = version;
                hosted.AcceptedExists = exists;
                hosted.Pending = null;
                _acceptedIndex--;
                return (null, false, Task.FromResult(Reject(name, SetOutcomeKind.Unavailable, "The server cannot take writes after an internal error; restart it.")));
            }

            return (pending, !exists, null);
        }
    }

    private static string? Mismatch(string name, long? expected, long version, bool exists) => expected switch
    {
        null => null,
        AnyExistingVersion when exists => null,
        AnyExistingVersion => version == 0
            ? $"'{name}' was expected to exist, but it was never set."
            : $"'{name}' was expected to exist, but it was deleted at version {version}.",
        0 when !exists => null,
        0 => $"'{name}' was expected not to exist, but it is at version {version}.",
        { } e when e == version => null,
        { } e when version == 0 => $"'{name}' was expected at version {e}, but it was never set.",
        { } e when !exists => $"'{name}' was expected at version {e}, but it was deleted at version {version}.",
        { } e => $"'{name}' was expected at version {e}, but it is at version {version}.",
    };

    // The conflict names the accepted version, which may not be durable yet: the answer waits for it, so that the
    // current snapshot it carries is the one the detail speaks of.
    private Task<SetOutcome> ConflictAsync(string name, Task? pending, string detail)
    {
        LogRejected(name, SetOutcomeKind.Conflict, detail);
        return pending is null
            ? Task.FromResult(new SetOutcome(SetOutcomeKind.Conflict, Get(name), detail))
            : AfterPending();

        async Task<SetOutcome> AfterPending()
        {
            await pending;
            return new SetOutcome(SetOutcomeKind.Conflict, Get(name), detail);
        }
    }

    private string UnavailableReason() => _status switch
    {
        Status.NotOpen => "The server is starting and has not opened its store yet; try again in a moment.",
        Status.Importing => "An import is in progress; Sets are taken again once it completes.",
        _ => "The server is stopping.",
    };

    private SetOutcome Reject(string name, SetOutcomeKind kind, string detail)
    {
        LogRejected(name, kind, detail);
        return new SetOutcome(kind, null, detail);
    }
}
