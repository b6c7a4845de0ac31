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
}
