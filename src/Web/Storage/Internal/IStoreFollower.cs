using EventDashboard.Web.Values;

namespace EventDashboard.Web.Storage.Internal;

/// <summary>What an <see cref="ISharedValueStore"/> keeps up to date: the registry of one server.</summary>
internal interface IStoreFollower
{
    /// <summary>
    /// Applies records that some server committed, in index order. After a resync they may skip indexes (what
    /// was missed is in the store); a record at or below an index already applied never comes again.
    /// </summary>
    /// <param name="records">The records.</param>
    void ApplyCommitted(IReadOnlyList<SetRecord> records);

    /// <summary>Learns whether the mirror follows the store live.</summary>
    /// <param name="reason">Why it does not, or <see langword="null"/> when it does again.</param>
    void SetStale(string? reason);
}
