namespace EventDashboard.Web.Hubs;

/// <summary>The names of the methods the server calls on clients of <see cref="ValuesHub"/>.</summary>
internal static class HubMethods
{
    /// <summary>A subscribed value has a new version; the argument is its <see cref="Protocol.ValueSnapshot"/>.</summary>
    public const string ValueChanged = "ValueChanged";

    /// <summary>A subscribed value was deleted; the argument is its <see cref="Protocol.ValueDeletion"/>.</summary>
    public const string ValueDeleted = "ValueDeleted";

    /// <summary>A subscribed value's watcher count changed; the argument is a <see cref="Protocol.WatchersChange"/>.</summary>
    public const string WatchersChanged = "WatchersChanged";
}
