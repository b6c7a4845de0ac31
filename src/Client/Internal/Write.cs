namespace EventDashboard.Client.Internal;

/// <summary>A Set or delete this client made, as its read-your-writes wait needs it.</summary>
/// <param name="Version">The version it made.</param>
/// <param name="Epoch">The transport's epoch in which the server answered it.</param>
/// <param name="SentAt">The <see cref="Subscription.Clock"/> read before it was sent.</param>
/// <param name="AnsweredAt">The <see cref="Subscription.Clock"/> read after its answer arrived.</param>
internal readonly record struct Write(long Version, long Epoch, long SentAt, long AnsweredAt);
