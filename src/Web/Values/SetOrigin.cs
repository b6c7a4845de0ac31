namespace EventDashboard.Web.Values;

/// <summary>Who made a Set or a delete, as the value's history records it.</summary>
/// <param name="Source">The path it came by; see <see cref="SetSource"/>.</param>
/// <param name="Remote">The remote address of the caller, when known.</param>
/// <param name="Who">The person or access key that made it, when known.</param>
/// <param name="Note">What the Set is, in a few words, when the setter says so; for example <c>revert of v3</c>.</param>
public sealed record SetOrigin(string Source, string? Remote = null, string? Who = null, string? Note = null);
