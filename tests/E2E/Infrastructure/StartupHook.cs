using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

/// <summary>
/// Loaded into an app process by <c>DOTNET_STARTUP_HOOKS</c> (see <see cref="EventDashboard.Tests.E2E.Infrastructure.ServerMemory"/>;
/// the runtime requires this exact name, outside any namespace): when <c>EVENTDASHBOARD_E2E_HEAP_PORT</c> is set,
/// it answers each TCP connection on that loopback port with the process's managed heap in bytes after a full,
/// compacting collection. It touches nothing of the app, and the app does not know it is there.
/// </summary>
[SuppressMessage("Design", "CA1050", Justification = "The runtime finds a startup hook by this global name.")]
public static class StartupHook
{
    /// <summary>The environment variable with the loopback port to answer on.</summary>
    public const string PortVariable = "EVENTDASHBOARD_E2E_HEAP_PORT";

    /// <summary>Called by the runtime before the app's Main.</summary>
    public static void Initialize()
    {
        if (Environment.GetEnvironmentVariable(PortVariable) is not { } port)
        {
            return;
        }

        var listener = new TcpListener(IPAddress.Loopback, int.Parse(port, CultureInfo.InvariantCulture));
        listener.Start();
        new Thread(() => Serve(listener)) { IsBackground = true, Name = "e2e heap probe" }.Start();
    }

    private static void Serve(TcpListener listener)
    {
        while (true)
        {
            using var client = listener.AcceptTcpClient();
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            var heap = GC.GetTotalMemory(forceFullCollection: true);
            client.GetStream().Write(Encoding.ASCII.GetBytes(heap.ToString(CultureInfo.InvariantCulture)));
        }
    }
}
