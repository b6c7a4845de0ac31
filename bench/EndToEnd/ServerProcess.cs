using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace EventDashboard.Benchmarks.EndToEnd;

/// <summary>
/// A server under test in its own process on a loopback port, so that its memory (resident set) is its own
/// and not the load generator's. Shared with the storage benchmark (bench/Storage links this file).
/// </summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private static readonly TimeSpan DefaultStartTimeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;

    private readonly int _heapPort;

    private ServerProcess(Process process, Uri baseAddress, int heapPort)
    {
        _process = process;
        BaseAddress = baseAddress;
        _heapPort = heapPort;
    }

    public Uri BaseAddress { get; }

    /// <summary>Gets the time from just before the process was started to the first 200 from <c>/healthz</c> (polled every 10 ms).</summary>
    public TimeSpan StartupTime { get; private set; }

    /// <summary>
    /// Starts <c>dotnet <paramref name="dll"/></c> on <paramref name="port"/> (a free one if null) and waits until
    /// <c>/healthz</c> answers 200, for at most <paramref name="startTimeout"/> (60 s if null).
    /// </summary>
    public static async Task<ServerProcess> StartAsync(
        string dll, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment, TimeSpan? startTimeout = null, int? port = null)
    {
        var timeout = startTimeout ?? DefaultStartTimeout;
        port ??= LoopbackPort.Free();
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
        var heapPort = LoopbackPort.Free();
        start.Environment["DOTNET_STARTUP_HOOKS"] = typeof(StartupHook).Assembly.Location;
        start.Environment[StartupHook.PortVariable] = heapPort.ToString(CultureInfo.InvariantCulture);

        using var http = new HttpClient();
        var clock = Stopwatch.StartNew();
        var process = ChildProcesses.Start(start);
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
        http.BaseAddress = server.BaseAddress;
        try
        {
            while (true)
            {
                try
                {
                    using var response = await http.GetAsync("healthz");
                    if (response.IsSuccessStatusCode)
                    {
                        server.StartupTime = clock.Elapsed;
                        return server;
                    }
                }
                catch (HttpRequestException) when (clock.Elapsed < timeout && !process.HasExited)
                {
                }

                if (process.HasExited || clock.Elapsed > timeout)
                {
                    throw new InvalidOperationException(process.HasExited
                        ? $"The server {dll} exited with code {process.ExitCode} before /healthz answered."
                        : $"The server {dll} did not answer /healthz within {timeout.TotalSeconds:F0} s.");
                }

                await Task.Delay(10);
            }
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// The server's dll, built beside the benchmark by its project reference:
    /// bench/NAME/bin/CONFIGURATION/FRAMEWORK is mapped to src/Web/bin/CONFIGURATION/FRAMEWORK.
    /// </summary>
    public static string WebDll()
    {
        var here = AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar);
        var framework = Path.GetFileName(here);
        var configuration = Path.GetFileName(Path.GetDirectoryName(here)!);
        var root = Path.GetFullPath(Path.Combine(here, "..", "..", "..", "..", ".."));
        var dll = Path.Combine(root, "src", "Web", "bin", configuration, framework, "EventDashboard.Web.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException("Build src/Web first (the benchmark project does).", dll);
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

    /// <summary>Sends the server SIGTERM (a graceful shutdown) and waits for it to exit.</summary>
    /// <returns>A task whose result is the time from the signal to the exit, and the exit code.</returns>
    public async Task<(TimeSpan Elapsed, int ExitCode)> StopGracefullyAsync()
    {
        var clock = Stopwatch.StartNew();
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        await _process.WaitForExitAsync();
        return (clock.Elapsed, _process.ExitCode);
    }

    /// <summary>Kills the server with SIGKILL, as a crash would (no graceful shutdown), and waits for it to exit.</summary>
    /// <returns>A task that completes when the process is gone.</returns>
    public Task KillAsync() => ChildProcesses.KillAsync(_process);

    /// <summary>Kills the server (SIGKILL: no graceful shutdown) and waits for it to exit.</summary>
    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }
}
