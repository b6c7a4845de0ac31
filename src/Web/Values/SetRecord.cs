using EventDashboard.Protocol;

namespace EventDashboard.Web.Values;

/// <summary>One Set in the registry-wide log that <see cref="ValueRegistry.ReadLogAsync"/> streams.</summary>
/// <param name="Index">The position in the log: 1 for the first Set of any value since start, one more per Set.</param>
/// <param name="Name">The name of the value that was set.</param>
/// <param name="Entry">The Set, as the value's history records it.</param>
public sealed record SetRecord(long Index, string Name, HistoryEntry Entry);
