using EventDashboard.Protocol;

namespace EventDashboard.Client;

/// <summary>
/// One change of a value under a watched prefix (<see cref="EventDashboardClient.WatchPrefixAsync"/>): its newest
/// version, set or deleted.
/// </summary>
/// <param name="Name">The value's name.</param>
/// <param name="Version">The version of this change.</param>
/// <param name="Snapshot">The value as set, or <see langword="null"/> when the change is a delete.</param>
/// <param name="Deletion">The delete, or <see langword="null"/> when the change is a Set.</param>
public sealed record ValueChange(string Name, long Version, ValueSnapshot? Snapshot, ValueDeletion? Deletion)
{
    /// <summary>Gets a value indicating whether the change deleted the value.</summary>
    public bool Deleted => Deletion is not null;
}
