using System.Text.Json;

namespace EventDashboard.Protocol;

/// <summary>One retained Set of a hosted value.</summary>
/// <param name="Version">The version this Set made.</param>
/// <param name="Value">The value it set.</param>
/// <param name="SetAt">When it was set.</param>
/// <param name="Source">Where it came from: <c>http</c>, <c>hub</c>, <c>ui</c> or <c>demo</c> (an import keeps the source each Set had).</param>
/// <param name="Remote">The remote address of the setter, when known.</param>
/// <param name="Who">Who made the Set, when the server knows (a signed-in person or an access key).</param>
/// <param name="Deleted">Whether this entry is a delete: <paramref name="Value"/> is then JSON <c>null</c>.</param>
/// <param name="Note">What the Set was, when the setter said so; for example <c>revert of v3</c>.</param>
public sealed record HistoryEntry(long Version, JsonElement Value, DateTimeOffset SetAt, string Source, string? Remote, string? Who = null, bool Deleted = false, string? Note = null);
