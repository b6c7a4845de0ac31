using System.Text.Json;
using System.Text.Json.Serialization;

namespace EventDashboard.Protocol;

/// <summary>
/// The state of one hosted value as the server sends it: over HTTP (<c>GET /api/values/{name}</c>), in the
/// hub's <c>ValueChanged</c> push and in its <c>Subscribe</c>/<c>List</c> answers.
/// </summary>
/// <param name="Name">The value's name.</param>
/// <param name="Version">The version: 1 after the first Set, one more per Set.</param>
/// <param name="Value">The JSON document.</param>
/// <param name="UpdatedAt">When the value was last set.</param>
/// <param name="Watchers">How many watchers the server counts for this value.</param>
/// <param name="StoreId">
/// The identity of the server's store, made when the store was created. Versions only grow within one store id;
/// a different id (a wiped data folder, another store) means versions started again.
/// </param>
/// <param name="Stale">
/// True in the hub's <c>Subscribe</c>, <c>SubscribePrefix</c>, <c>SubscribeAll</c> and <c>List</c> answers while the
/// server cannot follow its shared store (etcd): the snapshot comes from the server's own copy and may be behind.
/// JSON carries <c>"stale": true</c> only then and leaves the field out otherwise, so the shape of every other
/// snapshot is unchanged; HTTP answers say the same with the <c>X-Stale</c> header instead.
/// </param>
public sealed record ValueSnapshot(
    string Name,
    long Version,
    JsonElement Value,
    DateTimeOffset UpdatedAt,
    int Watchers,
    string? StoreId = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool Stale = false);
