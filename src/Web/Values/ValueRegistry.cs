using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Unicode;
using EventDashboard.Client;
using EventDashboard.Core;
using EventDashboard.Web.Values.Internal;
using Microsoft.Extensions.Options;

namespace EventDashboard.Web.Values;

/// <summary>
/// The named values the server hosts. Every Set, whatever its path (HTTP, hub, dashboard, demo), goes through
/// <see cref="Set(string, JsonElement, string, string?, long?)"/>, which validates everything before it
/// changes anything, so a rejected Set leaves no trace.
/// </summary>
[DebuggerDisplay("Count = {Count}")]
public sealed partial class ValueRegistry
{
    /// <summary>
    /// The deepest nesting a value may have. System.Text.Json reads and writes at most 64 levels, and every message
    /// that carries a value wraps it in a few more (a history entry in a list in an object, a SignalR invocation), so
    /// a value accepted at 64 could never be sent back.
    /// </summary>
    internal const int MaxValueDepth = 56;

    private readonly ConcurrentDictionary<string, HostedValue> _values = new(StringComparer.Ordinal);
    private readonly EventDashboardOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<ValueRegistry> _logger;

    // One Set at a time across all values: the compare-and-set check and the publish must be one step, and the
    // log has a single writer. A Set under the lock is a few field writes, so contention is cheap.
    private readonly Lock _setLock = new();
    private readonly EventBuffer<SetRecord> _log;
    private long _logIndex;

    // The number of values set at least once, as a value: SubscribeAll follows it to pick up new names.
    private readonly MemoryValue<int> _names = new();
    private int _nameCount;

    /// <summary>Initializes a new instance of the <see cref="ValueRegistry"/> class.</summary>
    /// <param name="options">The limits.</param>
    /// <param name="time">The clock for <c>updatedAt</c> and history times.</param>
    /// <param name="logger">The logger.</param>
    public ValueRegistry(IOptions<EventDashboardOptions> options, TimeProvider time, ILogger<ValueRegistry> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        _options = options.Value;
        _time = time;
        _logger = logger;
        _log = new EventBuffer<SetRecord>(retainedItems: _options.LogCapacity);
        _names.Set(0);
    }

    /// <summary>Gets how many values were set at least once.</summary>
    public int Count => Volatile.Read(ref _nameCount);

    /// <summary>Gets the snapshots of every value set at least once, sorted by name (ordinal).</summary>
    /// <returns>The snapshots.</returns>
    public IReadOnlyList<ValueSnapshot> List() =>
        [.. _values.Values.Select(v => v.Snapshot()).OfType<ValueSnapshot>().OrderBy(s => s.Name, StringComparer.Ordinal)];

    /// <summary>Gets the snapshot of a value.</summary>
    /// <param name="name">The value's name.</param>
    /// <returns>The snapshot, or <see langword="null"/> when the value was never set (or the name is invalid).</returns>
    public ValueSnapshot? Get(string name) => _values.TryGetValue(name, out var value) ? value.Snapshot() : null;

    /// <summary>Gets the retained history of a value, newest first.</summary>
    /// <param name="name">The value's name.</param>
    /// <param name="limit">The most entries to return, at least 1.</param>
    /// <returns>The history, or <see langword="null"/> when the value was never set.</returns>
    public ValueHistory? GetHistory(string name, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        return _values.TryGetValue(name, out var value) ? value.History(limit) : null;
    }

    /// <summary>Gets how many live watchers a value has (0 for a name nobody watches).</summary>
    /// <param name="name">The value's name.</param>
    /// <returns>The watcher count.</returns>
    public int GetWatcherCount(string name) => _values.TryGetValue(name, out var value) ? value.Watchers : 0;

    /// <summary>Sets a value from UTF-8 JSON text, such as a request body or a posted form field.</summary>
    /// <param name="name">The value's name.</param>
    /// <param name="utf8Json">One JSON document.</param>
    /// <param name="source">Where the Set comes from; see <see cref="SetSource"/>.</param>
    /// <param name="remote">The remote address of the setter, when known.</param>
    /// <param name="expectedVersion">
    /// For compare-and-set, the version the value must have now (0 for "never set"); <see langword="null"/> to set unconditionally.
    /// </param>
    /// <returns>The outcome; nothing changed unless it <see cref="SetOutcome.Succeeded"/>.</returns>
    public SetOutcome Set(string name, ReadOnlySpan<byte> utf8Json, string source, string? remote, long? expectedVersion = null)
    {
        if (Validate(name, utf8Json.Length) is { } rejected)
        {
            return rejected;
        }

        // The JSON reader does not check the bytes inside strings: invalid UTF-8 would be stored and come back as U+FFFD.
        if (!Utf8.IsValid(utf8Json))
        {
            return Reject(name, SetOutcomeKind.InvalidJson, "The value is not valid JSON: it is not UTF-8 text.");
        }

        JsonElement value;
        try
        {
            var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { MaxDepth = MaxValueDepth });
            value = JsonElement.ParseValue(ref reader);
            if (reader.Read())
            {
                // ParseValue stops after the first document; anything but whitespace after it is a second one.
                throw new JsonException("Only one JSON document is allowed, but more text follows it.");
            }
        }
        catch (JsonException ex)
        {
            return Reject(name, SetOutcomeKind.InvalidJson, $"The value is not valid JSON: {ex.Message}");
        }

        return SetValidated(name, value, source, remote, expectedVersion);
    }

    /// <summary>Sets a value from a parsed JSON element, such as a hub argument.</summary>
    /// <param name="name">The value's name.</param>
    /// <param name="value">The JSON value; it is copied, so the caller may dispose its document.</param>
    /// <param name="source">Where the Set comes from; see <see cref="SetSource"/>.</param>
    /// <param name="remote">The remote address of the setter, when known.</param>
    /// <param name="expectedVersion">
    /// For compare-and-set, the version the value must have now (0 for "never set"); <see langword="null"/> to set unconditionally.
    /// </param>
    /// <returns>The outcome; nothing changed unless it <see cref="SetOutcome.Succeeded"/>.</returns>
    public SetOutcome Set(string name, JsonElement value, string source, string? remote, long? expectedVersion = null)
    {
        if (value.ValueKind == JsonValueKind.Undefined)
        {
            return Reject(name, SetOutcomeKind.InvalidJson, "The value is missing: send one JSON document (null is a valid one).");
        }

        // Parsed again from its text, so a hub argument passes the same checks (and depth limit) as a request body.
        return Set(name, JsonMarshal.GetRawUtf8Value(value), source, remote, expectedVersion);
    }

    /// <summary>
    /// Creates a watcher of a value's snapshots; it counts as one of the value's watchers until disposed. The name
    /// need not be set yet: the first Get then waits for its first Set.
    /// </summary>
    /// <param name="name">The value's name.</param>
    /// <returns>The watcher; dispose it when done.</returns>
    /// <exception cref="ArgumentException">The name breaks the naming rule.</exception>
    public IWatcher<ValueSnapshot> Watch(string name) => WatchStates(name);

    /// <summary>
    /// Creates a counted watcher like <see cref="Watch(string)"/> that also returns the states themselves: one
    /// object per Set, shared by every watcher, so a push can be built once per Set.
    /// </summary>
    internal SnapshotWatcher WatchStates(string name)
    {
        // Under the lock, so the entry cannot be forgotten (see Forget) between finding it and counting this watcher.
        lock (_setLock)
        {
            return GetOrAdd(name).Watch();
        }
    }

    /// <summary>
    /// Streams the registry-wide log of Sets with an <see cref="SetRecord.Index"/> above <paramref name="afterIndex"/>,
    /// then every later Set as it happens. The log keeps the last <see cref="EventDashboardOptions.LogCapacity"/>
    /// Sets; a reader resuming from an older index continues with the oldest kept one (check the indexes for a gap).
    /// </summary>
    /// <param name="afterIndex">The last index the reader has seen; 0 for everything kept.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The Sets in order; the enumeration ends only by cancellation.</returns>
    public async IAsyncEnumerable<SetRecord> ReadLogAsync(long afterIndex = 0, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var item = _log.Oldest;
        while (true)
        {
            item = await item.NextAsync(cancellationToken);
            Debug.Assert(item.Events is { Count: > 0 });
            foreach (var record in item.Events)
            {
                if (record.Index > afterIndex)
                {
                    yield return record;
                }
            }

            // A reader that fell out of the kept window would keep every item after its position alive, however
            // far behind it is. Once the record after its position is gone from the buffer, it continues from the
            // oldest kept item instead; the gap in indexes shows the loss.
            var oldest = _log.Oldest;
            if (oldest.Events is { Count: > 0 } kept && kept[0].Index > item.Events[^1].Index + 1)
            {
                item = oldest;
            }
        }
    }

    /// <summary>Creates a watcher of a value's watcher count; it is not counted itself.</summary>
    internal IWatcher<WatchersChange> WatchWatcherCount(string name)
    {
        lock (_setLock)
        {
            return GetOrAdd(name).WatchWatcherCount();
        }
    }

    /// <summary>Gets how many names the registry holds an entry for: set ones and watched ones. For tests.</summary>
    internal int TrackedCount => _values.Count;

    /// <summary>Creates a watcher that wakes whenever a name is set for the first time.</summary>
    internal IWatcher<int> WatchNames() => _names.Watch();

    private HostedValue GetOrAdd(string name)
    {
        if (!ValueName.IsValid(name))
        {
            throw new ArgumentException(ValueName.Describe(name), nameof(name));
        }

        return _values.GetOrAdd(name, static (n, registry) => new HostedValue(n, registry.Forget), this);
    }

    // A name that was watched but never set would otherwise stay in memory for good, one entry per name anybody
    // ever waited for. Under the lock no watcher can be added and no Set can happen, so the check is final.
    private void Forget(HostedValue value)
    {
        lock (_setLock)
        {
            if (value.Version == 0 && value.Watchers == 0)
            {
                _values.TryRemove(KeyValuePair.Create(value.Name, value));
            }
        }
    }

    private SetOutcome? Validate(string name, int byteCount)
    {
        if (!ValueName.IsValid(name))
        {
            return Reject(name, SetOutcomeKind.InvalidName, ValueName.Describe(name));
        }

        if (byteCount > _options.MaxValueBytes)
        {
            return Reject(name, SetOutcomeKind.TooLarge, $"The value is {byteCount} bytes of JSON; the limit is {_options.MaxValueBytes} bytes.");
        }

        return null;
    }

    private SetOutcome SetValidated(string name, JsonElement value, string source, string? remote, long? expectedVersion)
    {
        SetOutcome outcome;
        lock (_setLock)
        {
            // Looked up without adding: a rejected Set must not leave an entry behind.
            var existing = _values.GetValueOrDefault(name);
            var version = existing?.Version ?? 0;
            if (expectedVersion is { } expected && expected != version)
            {
                var detail = version == 0
                    ? $"'{name}' was expected at version {expected}, but it was never set."
                    : $"'{name}' was expected at version {expected}, but it is at version {version}.";
                outcome = new SetOutcome(SetOutcomeKind.Conflict, existing?.Snapshot(), detail);
            }
            else
            {
                var hosted = existing ?? GetOrAdd(name);
                var now = _time.GetUtcNow();
                var state = new ValueState(version + 1, value, now);
                var entry = new HistoryEntry(state.Version, value, now, source, remote);
                hosted.Publish(state, entry, _options.HistoryLimit);
                _log.Append([new SetRecord(++_logIndex, name, entry)]);
                if (version == 0)
                {
                    _names.Set(Interlocked.Increment(ref _nameCount));
                }

                outcome = new SetOutcome(version == 0 ? SetOutcomeKind.Created : SetOutcomeKind.Updated, hosted.ToSnapshot(state), null);
            }
        }

        if (outcome.Kind == SetOutcomeKind.Created)
        {
            LogCreated(name, source, remote ?? "in-process");
        }
        else if (outcome.Kind == SetOutcomeKind.Conflict)
        {
            LogRejected(name, outcome.Kind, outcome.Detail!);
        }

        return outcome;
    }

    private SetOutcome Reject(string name, SetOutcomeKind kind, string detail)
    {
        LogRejected(name, kind, detail);
        return new SetOutcome(kind, null, detail);
    }
}
