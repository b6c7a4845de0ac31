using EventDashboard.Web.Values;

namespace EventDashboard.Web.Storage.Internal;

/// <summary>What a store holds when it is opened: enough to serve every value, and nothing of its history.</summary>
/// <param name="StoreId">The identity made when the store was created.</param>
/// <param name="LastIndex">The index of the last committed record (0 for none): the log continues after it.</param>
/// <param name="Newest">The newest record of every name, deleted ones included.</param>
internal sealed record StoreState(string StoreId, long LastIndex, IReadOnlyList<SetRecord> Newest);
