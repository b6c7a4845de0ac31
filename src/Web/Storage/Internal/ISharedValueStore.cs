namespace EventDashboard.Web.Storage.Internal;

/// <summary>
/// A store that several servers write (etcd): each one mirrors every server's commits into its registry, and a
/// commit that another server's commit beat fails with <see cref="StoreConflictException"/> instead of overwriting.
/// </summary>
/// <remarks>
/// The registry publishes nothing itself for such a store: <see cref="IStoreFollower.ApplyCommitted"/> is the one way
/// states and the log change, its own commits included, and <see cref="IValueStore.CommitAsync"/> returns only once
/// the commit was handed to it.
/// </remarks>
internal interface ISharedValueStore : IValueStore
{
    /// <summary>Starts mirroring commits made after the state that <see cref="IValueStore.OpenAsync"/> returned.</summary>
    /// <param name="follower">Where they go; called from one loop, in commit order.</param>
    void Follow(IStoreFollower follower);

    /// <summary>
    /// Hands the stored access keys to <paramref name="changed"/> now, and again after every change by any server,
    /// once the mirror shows it (so a change by this server is handed before <see cref="IValueStore.AddKeyAsync"/>
    /// or <see cref="IValueStore.RemoveKeyAsync"/> returns, while <see cref="Follow"/> runs).
    /// </summary>
    /// <param name="changed">Takes every stored key, sorted by name; called in the order of the changes.</param>
    void FollowKeys(Action<IReadOnlyList<StoredAccessKey>> changed);
}
