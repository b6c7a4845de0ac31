using System.Globalization;
using EventDashboard.Core.Etcd.Internal;
using Google.Protobuf;

namespace EventDashboard.Web.Storage.Internal;

/// <summary>
/// The etcd store's key layout under its prefix <c>P</c> (<c>EventDashboard:Storage:Etcd:Prefix</c>):
/// <list type="table">
/// <item><term><c>P store-id</c></term><description>the store's identity, made by the first server that opened it.</description></item>
/// <item><term><c>P index</c></term><description>the last log index, as decimal text. Every commit compares this key's mod revision with the one its writer last saw, so a commit on a stale view fails instead of overwriting.</description></item>
/// <item><term><c>P log/{index:D20}</c></term><description>one Set or delete as a JSON record (<see cref="EtcdRecords"/>): the registry-wide log, and the only copy of a value, so a Set's request holds its value once.</description></item>
/// <item><term><c>P history/{name}/{version:D20}</c></term><description>the log index of each retained version of a name.</description></item>
/// <item><term><c>P values/{name}</c></term><description>the log index of the name's newest record (deleted ones too).</description></item>
/// <item><term><c>P keys/{name}</c></term><description>an access key made at run time, as JSON with its secret's SHA-256 only (<see cref="EtcdAccessKeys"/>).</description></item>
/// </list>
/// Numbers are zero-padded so that etcd's byte order is numeric order. Names cannot hold '/', so a name's history
/// range never reaches another name's.
/// </summary>
internal sealed class EtcdKeys(string prefix)
{
    public string Prefix { get; } = prefix;

    public ByteString All { get; } = Key(prefix);

    public ByteString StoreId { get; } = Key(prefix + "store-id");

    public ByteString Index { get; } = Key(prefix + "index");

    public ByteString LogPrefix { get; } = Key(prefix + "log/");

    public ByteString ValuesPrefix { get; } = Key(prefix + "values/");

    public ByteString HistoryPrefix { get; } = Key(prefix + "history/");

    public ByteString AccessKeysPrefix { get; } = Key(prefix + "keys/");

    public ByteString Log(long index) => Key(string.Create(CultureInfo.InvariantCulture, $"{Prefix}log/{index:D20}"));

    public ByteString Value(string name) => Key(Prefix + "values/" + name);

    public ByteString AccessKey(string name) => Key(Prefix + "keys/" + name);

    /// <summary>Gets the name of the access key kept at <paramref name="key"/>, a key under <see cref="AccessKeysPrefix"/>.</summary>
    public string AccessKeyName(ByteString key) => key.ToStringUtf8()[(Prefix.Length + "keys/".Length)..];

    public ByteString HistoryOf(string name) => Key(Prefix + "history/" + name + "/");

    public ByteString History(string name, long version) => Key(string.Create(CultureInfo.InvariantCulture, $"{Prefix}history/{name}/{version:D20}"));

    /// <summary>Gets the end of the range of every key that starts with <paramref name="prefix"/>.</summary>
    public static ByteString End(ByteString prefix) => WatchFeed.PrefixEnd(prefix);

    /// <summary>Reads a decimal number kept as a key's value (an index).</summary>
    public static long Number(ByteString value) => long.Parse(value.ToStringUtf8(), NumberStyles.None, CultureInfo.InvariantCulture);

    /// <summary>Writes a number as a key's value.</summary>
    public static ByteString Number(long value) => ByteString.CopyFromUtf8(value.ToString(CultureInfo.InvariantCulture));

    private static ByteString Key(string key) => ByteString.CopyFromUtf8(key);
}
