using System.Diagnostics;
using System.Runtime.CompilerServices;
using EventDashboard.Core;
using EventDashboard.Protocol;
using EventDashboard.Web.Values.Internal;

namespace EventDashboard.Web.Values;

/// <summary>Watches of every value under a name prefix, as Consul's key-prefix watches and etcd's range watches.</summary>
public sealed partial class ValueRegistry
{
    // How many log items one step of a prefix watch takes at most: enough to coalesce a burst, few enough that a
    // reader under a steady stream of Sets still sends something soon.
    private const int MaxPrefixBatch = 1024;

    /// <summary>Gets the snapshots of every value whose name starts with <paramref name="prefix"/>, sorted by name (ordinal).</summary>
    /// <param name="prefix">The prefix; empty for every value.</param>
    /// <returns>The snapshots.</returns>
    public IReadOnlyList<ValueSnapshot> List(string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        return [.. _values.Values
            .Where(v => v.Name.StartsWith(prefix, StringComparison.Ordinal))
            .Select(v => v.Snapshot())
            .OfType<ValueSnapshot>()
            .OrderBy(s => s.Name, StringComparer.Ordinal)];
    }

    /// <summary>
    /// Streams the changes (Sets and deletes) of the values under <paramref name="prefix"/> with a log index above
    /// <paramref name="afterIndex"/>, newest only per value and in log order: first what changed since then, as each
    /// value's current state, then each later change. A value never goes back to an older version; a reader that
    /// falls behind skips versions instead of making the server keep them.
    /// </summary>
    /// <param name="prefix">The name prefix; empty for every value.</param>
    /// <param name="afterIndex">The log index the reader has seen (0: everything that exists or was deleted).</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The changes; the enumeration ends only by cancellation.</returns>
    internal async IAsyncEnumerable<PrefixChange> WatchPrefixAsync(string prefix, long afterIndex, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var last = afterIndex;

        // Names a catch-up sent at a state newer than the log position it resumed from: the log still holds their
        // older Sets, which must not follow the newer state out.
        Dictionary<string, long>? ahead = null;
        while (true)
        {
            // Head before the values: values are published before the log is appended, so every Set up to the head's
            // index is in the values by then, and the catch-up covers the log up to it.
            var item = _log.Head;
            var headIndex = IndexOf(item);
            if (headIndex > last)
            {
                ahead = null;
                foreach (var change in ChangedSince(prefix, last))
                {
                    if (change.State.Index > headIndex)
                    {
                        (ahead ??= new(StringComparer.Ordinal))[change.Name] = change.State.Index;
                    }

                    yield return change;
                }

                last = headIndex;
            }

            while (true)
            {
                item = await item.NextAsync(cancellationToken);
                var newest = new Dictionary<string, SetRecord>(StringComparer.Ordinal);
                Collect(item, prefix, newest);
                for (var taken = 1; taken < MaxPrefixBatch && item.NextNoBlock() is { Error: null, Events.Count: > 0 } next; taken++)
                {
                    item = next;
                    Collect(item, prefix, newest);
                }

                foreach (var record in newest.Values.OrderBy(r => r.Index))
                {
                    Debug.Assert(record.Index > last, "the log is read forward");
                    if (ahead is not null && ahead.TryGetValue(record.Name, out var sent) && record.Index <= sent)
                    {
                        continue;
                    }

                    var entry = record.Entry;
                    yield return new PrefixChange(record.Name, new ValueState(entry.Version, entry.Value, entry.SetAt, entry.Deleted, record.Index));
                }

                last = IndexOf(item);
                if (ahead is not null)
                {
                    ahead = ahead.Where(a => a.Value > last).ToDictionary(StringComparer.Ordinal);
                    ahead = ahead.Count == 0 ? null : ahead;
                }

                // As ReadLogAsync does: a reader out of the retained window would keep every later commit alive. It
                // catches up from the values instead, which skips the versions it was too slow for.
                if (_log.Oldest.NextNoBlock() is { Events: [var oldestKept, ..] } && oldestKept.Index > last + 1)
                {
                    break;
                }
            }
        }
    }

    /// <summary>
    /// Waits until a value under <paramref name="prefix"/> changes at a log index above <paramref name="afterIndex"/>;
    /// at once when one already has.
    /// </summary>
    /// <returns>A task that completes on the change, and is cancelled with <paramref name="cancellationToken"/>.</returns>
    internal async Task WaitForPrefixAsync(string prefix, long afterIndex, CancellationToken cancellationToken)
    {
        await using var changes = WatchPrefixAsync(prefix, afterIndex, cancellationToken).GetAsyncEnumerator(cancellationToken);
        await changes.MoveNextAsync();
    }

    private static void Collect(BufferItem<SetRecord> item, string prefix, Dictionary<string, SetRecord> newest)
    {
        foreach (var record in item.Events!)
        {
            if (record.Name.StartsWith(prefix, StringComparison.Ordinal))
            {
                newest[record.Name] = record;
            }
        }
    }

    private List<PrefixChange> ChangedSince(string prefix, long afterIndex)
    {
        var changed = new List<PrefixChange>();
        foreach (var value in _values.Values)
        {
            // From the start, a deleted value is nothing to the reader: it never saw the value the delete removes.
            if (value.Current is { } state && state.Index > afterIndex && !(afterIndex == 0 && state.Deleted)
                && value.Name.StartsWith(prefix, StringComparison.Ordinal))
            {
                changed.Add(new PrefixChange(value.Name, state));
            }
        }

        changed.Sort((a, b) => a.State.Index.CompareTo(b.State.Index));
        return changed;
    }
}
