namespace EventDashboard.Protocol;

/// <summary>The retained Set history of a hosted value, as <c>GET /api/values/{name}/history</c> returns it.</summary>
/// <param name="Name">The value's name.</param>
/// <param name="OldestVersion">The oldest version still retained; older ones were dropped.</param>
/// <param name="Entries">The entries, newest first.</param>
public sealed record ValueHistory(string Name, long OldestVersion, IReadOnlyList<HistoryEntry> Entries);
