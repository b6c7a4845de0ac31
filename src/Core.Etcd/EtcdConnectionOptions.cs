namespace EventDashboard.Core.Etcd;

/// <summary>How an <see cref="EtcdConnection"/> talks to etcd.</summary>
public sealed class EtcdConnectionOptions
{
    /// <summary>
    /// Gets how long one request may take before it fails. Every call carries this deadline: without one, a write
    /// to a cluster that lost its quorum hangs for etcd's own 15 seconds or more. The default is 5 seconds.
    /// </summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets the longest wait between two attempts to resume a broken watch. The default is 2 seconds.</summary>
    public TimeSpan MaxReconnectDelay { get; init; } = TimeSpan.FromSeconds(2);
}
