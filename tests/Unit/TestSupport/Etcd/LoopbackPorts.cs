using System.Net;
using System.Net.Sockets;

namespace EventDashboard.Tests.Unit.TestSupport.Etcd;

/// <summary>Finds loopback ports that nothing listens on.</summary>
internal static class LoopbackPorts
{
    /// <summary>
    /// Gets a port the kernel just handed out and took back. Another process may take it before the caller binds
    /// it; <see cref="EtcdCluster.StartAsync"/> starts again on new ports when a member says so.
    /// </summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
