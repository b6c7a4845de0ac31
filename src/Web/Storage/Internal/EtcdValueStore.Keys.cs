using System.Diagnostics;
using Etcdserverpb;
using Google.Protobuf.Collections;
using Mvccpb;

namespace EventDashboard.Web.Storage.Internal;

/// <summary>
/// Access keys made at run time, one etcd key each (<c>P keys/{name}</c>), and their mirror: every server's key
/// changes reach this server's key follower through the same watch as the records, so a key made on one server works
/// on all, and a key revoked on one stops working on all.
/// </summary>
internal sealed partial class EtcdValueStore
{
    // The keys as of the mirror's revision: loaded with the state (OpenAsync, ImportAsync, a resync), then changed
    // by the watch's events in revision order. The lock also orders the hand-overs to the follower.
    private readonly Lock _keysLock = new();
    private readonly SortedDictionary<string, StoredAccessKey> _mirroredKeys = new(StringComparer.Ordinal);
    private Action<IReadOnlyList<StoredAccessKey>>? _keysFollower;

    public void FollowKeys(Action<IReadOnlyList<StoredAccessKey>> changed)
    {
        lock (_keysLock)
        {
            Debug.Assert(_keysFollower is null, "A store's keys are followed by one server.");
            _keysFollower = changed;
            changed([.. _mirroredKeys.Values]);
        }
    }

    // Read from etcd, not from the mirror: the command line reads keys without following the store.
    public async Task<IReadOnlyList<StoredAccessKey>> ReadKeysAsync(CancellationToken cancellationToken)
    {
        var keys = await RangeAsync(
            new RangeRequest { Key = _keys.AccessKeysPrefix, RangeEnd = EtcdKeys.End(_keys.AccessKeysPrefix) },
            "Reading the access keys",
            cancellationToken);
        return [.. keys.Kvs.Select(kv => EtcdAccessKeys.Read(kv.Value))];
    }

    public async Task<bool> AddKeyAsync(StoredAccessKey key, CancellationToken cancellationToken)
    {
        // Only if no server made one of that name: two servers making the same name at once get one key, not two.
        var path = _keys.AccessKey(key.Name);
        var txn = await TxnAsync(
            new TxnRequest
            {
                Compare = { new Compare { Key = path, Target = Compare.Types.CompareTarget.Create, Result = Compare.Types.CompareResult.Equal, CreateRevision = 0 } },
                Success = { Put(path, EtcdAccessKeys.Write(key)) },
            },
            "Storing an access key",
            cancellationToken);
        if (txn.Succeeded)
        {
            await MirroredAsync(txn.Header.Revision, cancellationToken);
        }

        return txn.Succeeded;
    }

    public async Task<bool> RemoveKeyAsync(string name, CancellationToken cancellationToken)
    {
        var txn = await TxnAsync(
            new TxnRequest { Success = { Delete(_keys.AccessKey(name)) } },
            "Removing an access key",
            cancellationToken);
        var removed = txn.Responses[0].ResponseDeleteRange.Deleted > 0;
        if (removed)
        {
            await MirroredAsync(txn.Header.Revision, cancellationToken);
        }

        return removed;
    }

    // The keys of a state read at one revision replace the mirror's. A watch event at or below that revision may
    // still come after: applying it again leaves each key as its newest event made it, which the read shows already.
    private void ReplaceKeys(RepeatedField<KeyValue> keys)
    {
        lock (_keysLock)
        {
            _mirroredKeys.Clear();
            foreach (var kv in keys)
            {
                var key = EtcdAccessKeys.Read(kv.Value);
                _mirroredKeys[key.Name] = key;
            }

            _keysFollower?.Invoke([.. _mirroredKeys.Values]);
        }
    }

    private void ApplyKeyEvents(IEnumerable<Event> events)
    {
        lock (_keysLock)
        {
            var changed = false;
            foreach (var e in events.Where(e => e.Kv.Key.Span.StartsWith(_keys.AccessKeysPrefix.Span)))
            {
                changed = true;
                if (e.Type == Event.Types.EventType.Put)
                {
                    var key = EtcdAccessKeys.Read(e.Kv.Value);
                    _mirroredKeys[key.Name] = key;
                }
                else
                {
                    _mirroredKeys.Remove(_keys.AccessKeyName(e.Kv.Key));
                }
            }

            if (changed)
            {
                _keysFollower?.Invoke([.. _mirroredKeys.Values]);
            }
        }
    }
}
