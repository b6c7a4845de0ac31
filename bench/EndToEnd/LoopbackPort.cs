using System.Net;
using System.Net.Sockets;

namespace EventDashboard.Benchmarks.EndToEnd;

/// <summary>Free TCP ports on the loopback address, for the processes a benchmark starts.</summary>
internal static class LoopbackPort
{
    /// <summary>A port that was free a moment ago: the system picks it, and it is released at once for the caller's process to bind.</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
