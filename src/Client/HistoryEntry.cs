using System.Text.Json;

namespace EventDashboard.Client;

/// <summary>One retained Set of a hosted value.</summary>
/// <param name="Version">The version this Set made.</param>
/// <param name="Value">The value it set.</param>
/// <param name="SetAt">When it was set.</param>
/// <param name="Source">Where it came from: <c>http</c>, <c>hub</c> or <c>ui</c>.</param>
/// <param name="Remote">The remote address of the setter, when known.</param>
public sealed record HistoryEntry(long Version, JsonElement Value, DateTimeOffset SetAt, string Source, string? Remote);
