namespace EventDashboard.Protocol;

/// <summary>
/// A hosted value was deleted: the hub's <c>ValueDeleted</c> push, the <c>deleted</c> event of a value's event
/// stream and the answer of <c>DELETE /api/values/{name}</c>. A delete is a version like any Set; setting the
/// name again continues after it.
/// </summary>
/// <param name="Name">The value's name.</param>
/// <param name="Version">The version the delete made.</param>
/// <param name="DeletedAt">When it was deleted.</param>
/// <param name="StoreId">The identity of the server's store; see <see cref="ValueSnapshot.StoreId"/>.</param>
public sealed record ValueDeletion(string Name, long Version, DateTimeOffset DeletedAt, string? StoreId = null);
