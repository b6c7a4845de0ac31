using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace EventDashboard.Tests.E2E.Infrastructure;

/// <summary>
/// The memory of an <see cref="AppProcess"/>: its resident set, from <c>/proc/&lt;pid&gt;/status</c>, and its managed
/// heap after a full collection, from <see cref="StartupHook"/> (bench/EndToEnd), which this loads into the app when it starts.
/// </summary>
public sealed class ServerMemory
{
    private readonly AppProcess _app;
    private readonly int _heapPort;

    private ServerMemory(AppProcess app, int heapPort)
    {
        _app = app;
        _heapPort = heapPort;
    }

    /// <summary>
    /// Arranges for <paramref name="app"/> (not started yet) to load the heap probe: call it before
    /// <see cref="AppProcess.StartAgainAsync"/>.
    /// </summary>
    /// <param name="app">The app, stopped.</param>
    /// <returns>The memory of that app, readable once it runs.</returns>
    public static ServerMemory Attach(AppProcess app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var heapPort = FreePort();
        app.Environment["DOTNET_STARTUP_HOOKS"] = typeof(StartupHook).Assembly.Location;
        app.Environment[StartupHook.PortVariable] = heapPort.ToString(CultureInfo.InvariantCulture);
        return new ServerMemory(app, heapPort);
    }

    /// <summary>Gets the app's resident set (VmRSS) in bytes.</summary>
    /// <returns>The resident set, in bytes.</returns>
    public long ResidentSetBytes()
    {
        foreach (var line in File.ReadLines($"/proc/{_app.ProcessId}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                // "VmRSS:     123456 kB"
                var kilobytes = line["VmRSS:".Length..].Trim().Split(' ')[0];
                return long.Parse(kilobytes, CultureInfo.InvariantCulture) * 1024;
            }
        }

        throw new InvalidOperationException($"/proc/{_app.ProcessId}/status has no VmRSS line.");
    }

    /// <summary>Gets the app's managed heap in bytes after a full, compacting collection (which this causes).</summary>
    /// <returns>A task whose result is the live managed heap, in bytes.</returns>
    public async Task<long> ManagedHeapBytesAsync()
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, _heapPort);
        using var reader = new StreamReader(client.GetStream());
        return long.Parse(await reader.ReadToEndAsync(), CultureInfo.InvariantCulture);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
