using EventDashboard.Protocol;

namespace EventDashboard.Client.Internal;

/// <summary>One state in a <see cref="Subscription"/>'s local mirror: the server's snapshot, or that the value does not exist.</summary>
/// <param name="Snapshot">The server's snapshot, or <see langword="null"/> when the value does not exist (never set, or deleted).</param>
/// <param name="Version">The state's version: the snapshot's, the delete's, or 0 when the server did not say.</param>
internal readonly record struct Mirrored(ValueSnapshot? Snapshot, long Version);
