using System.Net;
using System.Net.Sockets;

namespace EventDashboard.Tests.Unit.TestSupport.Etcd;

/// <summary>Finds loopback ports that nothing listens on.</summary>
internal static class LoopbackPorts
{
    /// <summary>
    /// Gets <paramref name="count"/> distinct ports the kernel just handed out and took back. They are taken all at
    /// once (a port released at once may come back from the next request). Another process may still take one before
    /// the caller binds it; <see cref="EtcdCluster.StartAsync"/> then starts again on new ports.
    /// </summary>
    public static int[] Take(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        try
        {
            listeners.ForEach(l => l.Start());
            return [.. listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port)];
        }
        finally
        {
            listeners.ForEach(l => l.Dispose());
        }
    }

    /// <summary>Gets one port, as <see cref="Take"/> does.</summary>
    public static int Next() => Take(1)[0];
}
