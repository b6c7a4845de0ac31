using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace EventDashboard.Benchmarks.EndToEnd;

/// <summary>
/// A server under test in its own process on a loopback port, so that its memory (resident set) is its own
/// and not the load generator's.
/// </summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;

    private readonly int _heapPort;

    private ServerProcess(Process process, Uri baseAddress, int heapPort)
    {
        _process = process;
        BaseAddress = baseAddress;
        _heapPort = heapPort;
    }

    public Uri BaseAddress { get; }

    /// <summary>Starts <c>dotnet <paramref name="dll"/></c> and waits until <c>/healthz</c> answers.</summary>
    public static async Task<ServerProcess> StartAsync(string dll, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment)
    {
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{port}");
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        // The heap probe (see StartupHook) runs inside the server, from this assembly.
        var heapPort = FreePort();
        start.Environment["DOTNET_STARTUP_HOOKS"] = typeof(StartupHook).Assembly.Location;
        start.Environment[StartupHook.PortVariable] = heapPort.ToString(CultureInfo.InvariantCulture);

        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {dll}.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                Console.Error.WriteLine($"[server {process.Id}] {e.Data}");
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new ServerProcess(process, new Uri($"http://127.0.0.1:{port}/"), heapPort);
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var response = await http.GetAsync("healthz");
                if (response.IsSuccessStatusCode)
                {
                    return server;
                }
            }
            catch (HttpRequestException) when (deadline.Elapsed < TimeSpan.FromSeconds(60) && !process.HasExited)
            {
            }

            if (process.HasExited || deadline.Elapsed > TimeSpan.FromSeconds(60))
            {
                throw new InvalidOperationException($"The server {dll} did not start.");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>The server's resident memory in bytes, from /proc.</summary>
    public long ResidentBytes()
    {
        foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                var kb = line["VmRSS:".Length..].Trim().Split(' ')[0];
                return long.Parse(kb, CultureInfo.InvariantCulture) * 1024;
            }
        }

        throw new InvalidOperationException("VmRSS not found.");
    }

    /// <summary>The server's managed heap in bytes after a full collection, from its heap probe.</summary>
    public async Task<long> HeapBytesAsync()
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, _heapPort);
        using var reader = new StreamReader(client.GetStream());
        return long.Parse(await reader.ReadToEndAsync(), CultureInfo.InvariantCulture);
    }

    /// <summary>The CPU time the server has used so far.</summary>
    public TimeSpan CpuTime()
    {
        _process.Refresh();
        return _process.TotalProcessorTime;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
