namespace EventDashboard.Protocol;

/// <summary>The hub's <c>WatchersChanged</c> push: the new watcher count of a value.</summary>
/// <param name="Name">The value's name.</param>
/// <param name="Watchers">How many watchers the server now counts for it.</param>
public sealed record WatchersChange(string Name, int Watchers);
