using System.Text.Json;

namespace EventDashboard.Web.Values.Internal;

/// <summary>
/// What a hosted value's <see cref="Core.MemoryValue{T}"/> holds. The version travels with the value so a
/// watcher knows which Set it got; the watcher count does not, because it changes without a Set.
/// </summary>
/// <param name="Version">The version of this Set.</param>
/// <param name="Value">The JSON document; JSON null for a delete.</param>
/// <param name="UpdatedAt">When it was set.</param>
/// <param name="Deleted">Whether this version is a delete: the value does not exist from it on.</param>
/// <param name="Index">The position of this Set in the registry-wide log (<see cref="SetRecord.Index"/>); 0 when it is not a Set of the log.</param>
internal sealed record ValueState(long Version, JsonElement Value, DateTimeOffset UpdatedAt, bool Deleted = false, long Index = 0);
