namespace EventDashboard.Client.Internal;

/// <summary>One snapshot in a <see cref="Subscription"/>'s local mirror, tagged with the connection epoch that delivered it.</summary>
/// <param name="Snapshot">The server's snapshot.</param>
/// <param name="Epoch">The transport's epoch (one per connection) in which it arrived.</param>
internal readonly record struct Mirrored(ValueSnapshot Snapshot, long Epoch);
