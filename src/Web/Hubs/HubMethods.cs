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

    /// <summary>
    /// Sent to every connection when the server loses its shared store (etcd) or follows it again; the argument is
    /// <see langword="true"/> while it cannot follow it (its values may be behind and writes are refused).
    /// </summary>
    public const string StaleChanged = "StaleChanged";
}
