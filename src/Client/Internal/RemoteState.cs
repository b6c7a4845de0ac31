using EventDashboard.Protocol;

namespace EventDashboard.Client.Internal;

/// <summary>
/// What the server said about one name: its snapshot, or that it does not exist, with the version and the store
/// id that place it among the others.
/// </summary>
/// <param name="Snapshot">The snapshot, or <see langword="null"/> when the value does not exist (never set, or deleted).</param>
/// <param name="Version">The snapshot's version, the delete's, or 0 for a value never set.</param>
/// <param name="StoreId">The store's identity, or <see langword="null"/> from a server that has none.</param>
/// <param name="Stale">Whether the server said it cannot follow its shared store now, so that this may be behind.</param>
internal readonly record struct RemoteState(ValueSnapshot? Snapshot, long Version, string? StoreId, bool Stale = false)
{
    public static RemoteState Of(ValueSnapshot snapshot) => new(snapshot, snapshot.Version, snapshot.StoreId, snapshot.Stale);

    public static RemoteState Of(ValueDeletion deletion) => new(null, deletion.Version, deletion.StoreId);

    /// <summary>The value does not exist: never set (<paramref name="version"/> 0) or deleted at <paramref name="version"/>.</summary>
    public static RemoteState NotFound(long version, string? storeId, bool stale = false) => new(null, version, storeId, stale);
}
