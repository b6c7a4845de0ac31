using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Text;

namespace EventDashboard.Tests.E2E.Infrastructure;

/// <summary>
/// The built EventDashboard.Web app running as a real process on a loopback port, with the demo values off and
/// its SQLite store in a data folder of its own. It can be stopped (killed, as a crash would) and started again on
/// the same port and data folder.
/// </summary>
public sealed class AppProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly StringBuilder _output = new();
    private Process? _process;

    private AppProcess(int port)
    {
        Port = port;
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
        DataDirectory = Directory.CreateTempSubdirectory("eventdashboard-e2e-").FullName;
    }

    /// <summary>Gets the data folder of the app's SQLite store; it outlives a stop, and is deleted with the app.</summary>
    public string DataDirectory { get; }

    /// <summary>Gets the exit code of the last process, once it exited by itself.</summary>
    public int? ExitCode { get; private set; }

    /// <summary>Gets the port the app listens on; a restart keeps it.</summary>
    public int Port { get; }

    /// <summary>Gets the app's address, ending with a slash.</summary>
    public Uri BaseAddress { get; }

    /// <summary>Gets what the process wrote so far, for failure messages.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts the app on a free loopback port.</summary>
    public static async Task<AppProcess> StartAsync()
    {
        var app = new AppProcess(FreePort());
        await app.StartAgainAsync();
        return app;
    }

    /// <summary>Starts the (stopped) app again on the same port and waits until it serves requests.</summary>
    public async Task StartAgainAsync()
    {
        Debug.Assert(_process is null, "stop the app before starting it again");
        var directory = WebAppDirectory();
        var dll = Path.Combine(directory, "EventDashboard.Web.dll");
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"The Web app is not built at {dll}; build the solution first.");
        }

        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { dll, "--urls", BaseAddress.ToString().TrimEnd('/'), "--Demo:Enabled=false", $"--EventDashboard:Storage:Path={DataDirectory}" })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";

        // Kestrel logs "Application started" once it listens: a real signal to wait on instead of polling.
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => OnLine(e.Data, started);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data, started);
        process.Exited += (_, _) =>
        {
            ExitCode = process.ExitCode;
            started.TrySetException(new InvalidOperationException($"The Web app exited early (exit code {process.ExitCode}):\n{Output}"));
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;

        try
        {
            await started.Task.WaitAsync(StartTimeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"The Web app did not start within {StartTimeout}:\n{Output}");
        }

        using var http = new HttpClient { BaseAddress = BaseAddress };
        using var health = await http.GetAsync(new Uri("healthz", UriKind.Relative));
        health.EnsureSuccessStatusCode();
    }

    /// <summary>Stops the app abruptly, as a crash would, and waits until the process is gone.</summary>
    public async Task StopAsync()
    {
        if (_process is not { } process)
        {
            return;
        }

        _process = null;
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        await process.WaitForExitAsync();
        process.Dispose();
    }

    /// <summary>Stops the app abruptly and removes its data folder's contents, as an operator wiping it would.</summary>
    public async Task WipeDataAsync()
    {
        await StopAsync();
        foreach (var entry in new DirectoryInfo(DataDirectory).EnumerateFileSystemInfos())
        {
            entry.Delete();
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Directory.Delete(DataDirectory, recursive: true);
    }

    private void OnLine(string? line, TaskCompletionSource started)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }

        if (line.Contains("Application started", StringComparison.Ordinal))
        {
            started.TrySetResult();
        }
    }

    private static string WebAppDirectory() =>
        typeof(AppProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "WebAppDirectory").Value!;

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
