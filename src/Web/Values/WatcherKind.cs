namespace EventDashboard.Web.Values;

/// <summary>What a watcher of a hosted value is, so that operators can tell real consumers from people looking.</summary>
public enum WatcherKind
{
    /// <summary>A watcher made in the server's own process through <see cref="ValueRegistry.Watch(string)"/>.</summary>
    Server,

    /// <summary>A subscription of a hub connection that did not say what it is (a browser, the JavaScript client).</summary>
    Hub,

    /// <summary>A subscription of a hub connection of the .NET client (<c>EventDashboardClient</c>).</summary>
    DotNetClient,

    /// <summary>An open Server-Sent Events stream.</summary>
    EventStream,

    /// <summary>A waiting blocking query.</summary>
    BlockingQuery,

    /// <summary>An open dashboard page.</summary>
    Dashboard,
}
