using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

/// <summary>
/// Loaded into each server under test by <c>DOTNET_STARTUP_HOOKS</c> (the runtime requires this exact name,
/// outside any namespace): when <c>EVENTDASHBOARD_BENCH_HEAP_PORT</c> is set, it answers each TCP connection on
/// that loopback port with the server's managed heap in bytes after a full, compacting collection. The
/// resident set of a process on a busy machine swings by tens of MB; the live heap does not.
/// </summary>
[SuppressMessage("Design", "CA1050", Justification = "The runtime finds a startup hook by this global name.")]
public static class StartupHook
{
    public const string PortVariable = "EVENTDASHBOARD_BENCH_HEAP_PORT";

    public static void Initialize()
    {
        if (Environment.GetEnvironmentVariable(PortVariable) is not { } port)
        {
            return;
        }

        var listener = new TcpListener(IPAddress.Loopback, int.Parse(port, CultureInfo.InvariantCulture));
        listener.Start();
        new Thread(() => Serve(listener)) { IsBackground = true, Name = "bench heap probe" }.Start();
    }

    private static void Serve(TcpListener listener)
    {
        while (true)
        {
            using var client = listener.AcceptTcpClient();
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            var heap = GC.GetTotalMemory(forceFullCollection: true);
            client.GetStream().Write(Encoding.ASCII.GetBytes(heap.ToString(CultureInfo.InvariantCulture)));
        }
    }
}
