using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Text;

namespace EventDashboard.Tests.E2E.Infrastructure;

/// <summary>
/// The built EventDashboard.Web app running as a real process on a loopback port, with the demo values off and
/// its SQLite store in a data folder of its own. It can be stopped (killed, as a crash would, or gracefully) and
/// started again on the same port and data folder, or started expecting it to refuse to start.
/// </summary>
public sealed class AppProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _errorOutput = new();
    private readonly string[] _arguments;
    private readonly bool _ownsDataDirectory;
    private Process? _process;

    private AppProcess(int port, string? dataDirectory, string[] arguments)
    {
        Port = port;
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
        _ownsDataDirectory = dataDirectory is null;
        DataDirectory = dataDirectory ?? Directory.CreateTempSubdirectory("eventdashboard-e2e-").FullName;
        _arguments = arguments;
    }

    /// <summary>
    /// Gets the data folder of the app's SQLite store; it outlives a stop. A folder the app made is deleted with
    /// the app; one it was given is left to its owner.
    /// </summary>
    public string DataDirectory { get; }

    /// <summary>Gets the path of the SQLite database file in <see cref="DataDirectory"/>.</summary>
    public string DatabasePath => Path.Combine(DataDirectory, "eventdashboard.db");

    /// <summary>Gets the exit code of the last process, once it exited (by itself or stopped).</summary>
    public int? ExitCode { get; private set; }

    /// <summary>Gets the port the app listens on; a restart keeps it.</summary>
    public int Port { get; }

    /// <summary>Gets the app's address, ending with a slash.</summary>
    public Uri BaseAddress { get; }

    /// <summary>
    /// Gets the environment variables the process is started with besides the usual ones (Production, logging);
    /// set them before <see cref="StartAgainAsync"/>.
    /// </summary>
    public IDictionary<string, string> Environment { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Gets the id of the running process (the app itself: <c>dotnet EventDashboard.Web.dll</c>).</summary>
    /// <exception cref="InvalidOperationException">The app is not running.</exception>
    public int ProcessId => _process?.Id ?? throw new InvalidOperationException("The Web app is not running.");

    /// <summary>Gets what the processes wrote so far, standard output and error together, for failure messages.</summary>
    public string Output => Read(_output);

    /// <summary>Gets what the processes wrote to standard error so far.</summary>
    public string ErrorOutput => Read(_errorOutput);

    /// <summary>Starts the app on a free loopback port, with a data folder of its own.</summary>
    /// <returns>A task whose result is the app, serving requests.</returns>
    public static Task<AppProcess> StartAsync() => StartAsync(dataDirectory: null);

    /// <summary>Starts the app on a free loopback port.</summary>
    /// <param name="dataDirectory">The data folder to use, or <see langword="null"/> for a new one the app owns.</param>
    /// <param name="arguments">More command-line arguments, such as <c>--EventDashboard:HistoryLimit=5</c>.</param>
    /// <returns>A task whose result is the app, serving requests.</returns>
    public static async Task<AppProcess> StartAsync(string? dataDirectory, params string[] arguments)
    {
        var app = Create(dataDirectory, arguments);
        try
        {
            await app.StartAgainAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        return app;
    }

    /// <summary>Makes an app on a free loopback port without starting it.</summary>
    /// <param name="dataDirectory">The data folder to use, or <see langword="null"/> for a new one the app owns.</param>
    /// <param name="arguments">More command-line arguments, such as <c>--EventDashboard:HistoryLimit=5</c>.</param>
    /// <returns>The app, stopped.</returns>
    public static AppProcess Create(string? dataDirectory = null, params string[] arguments) =>
        new(FreePort(), dataDirectory, arguments);

    /// <summary>Starts the (stopped) app again on the same port and waits until it serves requests.</summary>
    /// <returns>A task that completes when the app answers <c>/healthz</c>.</returns>
    /// <exception cref="InvalidOperationException">The process exited instead; the message has its output.</exception>
    public async Task StartAgainAsync()
    {
        var (process, started) = Launch();
        if (await WhenStartedOrExitedAsync(process, started) != started)
        {
            await StopAsync();
            throw new InvalidOperationException($"The Web app exited early (exit code {ExitCode}):\n{Output}");
        }

        using var http = new HttpClient { BaseAddress = BaseAddress };
        using var health = await http.GetAsync(new Uri("healthz", UriKind.Relative));
        health.EnsureSuccessStatusCode();
    }

    /// <summary>
    /// Starts the (stopped) app when it is expected to refuse to start, and waits until the process has exited
    /// and all of its output is read.
    /// </summary>
    /// <returns>A task whose result is the exit code.</returns>
    /// <exception cref="InvalidOperationException">The app started serving instead; it is stopped again.</exception>
    public async Task<int> StartExpectingExitAsync()
    {
        var (process, started) = Launch();
        if (await WhenStartedOrExitedAsync(process, started) == started)
        {
            await StopAsync();
            throw new InvalidOperationException($"The Web app started although it was expected to exit:\n{Output}");
        }

        // The process has exited; this also waits for the end of both redirected streams, so the output is complete.
        await StopAsync();
        return ExitCode!.Value;
    }

    /// <summary>Stops the app abruptly with SIGKILL, as a crash would, and waits until the process is gone.</summary>
    /// <returns>A task that completes when the process has exited.</returns>
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
        ExitCode = process.ExitCode;
        process.Dispose();
    }

    /// <summary>
    /// Stops the app as an operator or a service manager would, with SIGTERM, and waits until it has drained its
    /// requests, closed its store and exited.
    /// </summary>
    /// <returns>A task that completes when the process has exited.</returns>
    public async Task StopGracefullyAsync()
    {
        if (_process is not { } process)
        {
            return;
        }

        if (!process.HasExited)
        {
            await ExternalCommand.RunAsync("kill", "-TERM", process.Id.ToString(CultureInfo.InvariantCulture));
            using var timeout = new CancellationTokenSource(StartTimeout);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                await StopAsync();
                throw new TimeoutException($"The Web app did not stop within {StartTimeout} of SIGTERM:\n{Output}");
            }
        }

        _process = null;
        ExitCode = process.ExitCode;
        process.Dispose();
    }

    /// <summary>Stops the app abruptly and removes its data folder's contents, as an operator wiping it would.</summary>
    /// <returns>A task that completes when the folder is empty.</returns>
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
        if (_ownsDataDirectory)
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
    }

    private (Process Process, Task Started) Launch()
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
        string[] arguments = [dll, "--urls", BaseAddress.ToString().TrimEnd('/'), "--Demo:Enabled=false", $"--EventDashboard:Storage:Path={DataDirectory}", .. _arguments];
        foreach (var arg in arguments)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";
        // A failed interop call then names its .NET exception in the browser, so a test failure says what threw.
        start.Environment["DetailedErrors"] = "true";
        foreach (var (name, value) in Environment)
        {
            start.Environment[name] = value;
        }

        // Kestrel logs "Application started" once it listens: a real signal to wait on instead of polling.
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => OnLine(e.Data, started, isError: false);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data, started, isError: true);
        ExitCode = null;
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        return (process, started.Task);
    }

    // Whichever comes first: the app serves requests, or the process exits (it refused to start, or crashed).
    private async Task<Task> WhenStartedOrExitedAsync(Process process, Task started)
    {
        var exited = process.WaitForExitAsync();
        try
        {
            return await Task.WhenAny(started, exited).WaitAsync(StartTimeout);
        }
        catch (TimeoutException)
        {
            await StopAsync();
            throw new TimeoutException($"The Web app neither started nor exited within {StartTimeout}:\n{Output}");
        }
    }

    private void OnLine(string? line, TaskCompletionSource started, bool isError)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
            if (isError)
            {
                _errorOutput.AppendLine(line);
            }
        }

        if (line.Contains("Application started", StringComparison.Ordinal))
        {
            started.TrySetResult();
        }
    }

    private string Read(StringBuilder builder)
    {
        lock (_output)
        {
            return builder.ToString();
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
