namespace EventDashboard.Web.Storage;

/// <summary>Where the hosted values and their history are kept (<c>EventDashboard:Storage:Provider</c>).</summary>
public enum StorageProvider
{
    /// <summary>An embedded SQLite database in <see cref="StorageOptions.Path"/>: every acknowledged Set is on disk.</summary>
    Sqlite,

    /// <summary>The server's memory only: everything is gone when it stops. For tests and throwaway demos.</summary>
    Memory,

    /// <summary>
    /// An etcd cluster (<see cref="StorageOptions.Etcd"/>): every acknowledged Set is committed by a quorum of its
    /// members, and the store outlives any one server.
    /// </summary>
    Etcd,
}
