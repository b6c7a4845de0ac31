using System.Diagnostics;
using System.Globalization;

namespace EventDashboard.Tests.Unit.TestSupport.Etcd;

/// <summary>
/// One etcd process of an <see cref="EtcdCluster"/>, on its own loopback ports and data folder. It can be killed
/// (SIGKILL, as a crash) and started again on the same folder and ports.
/// </summary>
internal sealed class EtcdMember : IAsyncDisposable
{
    /// <summary>The installed server; <c>./test.sh</c> installs Debian's etcd-server when it is missing.</summary>
    public const string ExecutablePath = "/usr/bin/etcd";

    private const int TailLines = 40;

    // The process's output, drained as it comes so that etcd never blocks on a full pipe; the last lines are kept
    // for the message of a member that failed to start.
    private readonly Lock _lock = new();
    private readonly Queue<string> _tail = new();
    private Process? _process;

    public EtcdMember(string name, string dataFolder, int clientPort, int peerPort)
    {
        Name = name;
        DataFolder = dataFolder;
        ClientUrl = new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{clientPort}"));
        PeerUrl = new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{peerPort}"));
    }

    /// <summary>Gets the member's name in the cluster.</summary>
    public string Name { get; }

    /// <summary>Gets the URL that clients use.</summary>
    public Uri ClientUrl { get; }

    /// <summary>Gets the URL that the other members use.</summary>
    public Uri PeerUrl { get; }

    /// <summary>Gets the member's data folder (its own, under the cluster's temporary folder).</summary>
    public string DataFolder { get; }

    /// <summary>Gets a value indicating whether the process runs.</summary>
    public bool IsRunning => _process is { HasExited: false };

    /// <summary>Gets the last lines the process wrote, for failure messages.</summary>
    public string OutputTail
    {
        get
        {
            lock (_lock)
            {
                return string.Join('\n', _tail);
            }
        }
    }

    /// <summary>Starts the process; <see cref="EtcdCluster"/> waits for the cluster's health.</summary>
    /// <param name="initialCluster">Every member's <c>name=peerUrl</c>, comma-separated.</param>
    public void Start(string initialCluster)
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException(
                $"{ExecutablePath} is missing. Run ./test.sh, which installs it, or: apt-get install -y etcd-server etcd-client");
        }

        Debug.Assert(!IsRunning, "A member is started only when it does not run.");
        var start = new ProcessStartInfo(ExecutablePath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var client = ClientUrl.ToString().TrimEnd('/');
        var peer = PeerUrl.ToString().TrimEnd('/');
        foreach (var argument in new[]
        {
            "--name", Name,
            "--data-dir", DataFolder,
            "--listen-client-urls", client,
            "--advertise-client-urls", client,
            "--listen-peer-urls", peer,
            "--initial-advertise-peer-urls", peer,
            "--initial-cluster", initialCluster,
            "--initial-cluster-token", "eventdashboard-tests",

            // A restarted member finds its data folder and ignores the initial cluster; a new one creates it.
            "--initial-cluster-state", "new",
            "--logger", "zap",
            "--log-outputs", "stderr",
        })
        {
            start.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process?.Dispose();
        _process = process;
    }

    /// <summary>Kills the process with SIGKILL, as a crash would, and waits until it is gone.</summary>
    /// <returns>A task that completes when the process has exited.</returns>
    public async Task KillAsync()
    {
        if (_process is not { } process)
        {
            return;
        }

        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It had exited already.
        }

        await process.WaitForExitAsync().WaitAsync(TestTimeouts.Safety);
    }

    /// <summary>Waits until the member answers its health check, or fails when the process exits or the deadline passes.</summary>
    /// <param name="http">The client to ask with.</param>
    /// <param name="deadline">When to give up.</param>
    /// <returns>A task that completes when the member is healthy.</returns>
    public async Task WaitHealthyAsync(HttpClient http, DateTimeOffset deadline)
    {
        // Polled with a deadline: etcd offers no event for "this member has a leader and serves reads" that a
        // test could await, and /health says exactly that.
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(50));
        while (true)
        {
            if (_process is not { HasExited: false })
            {
                throw new EtcdStartException(this, "exited while starting");
            }

            try
            {
                using var attempt = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                var body = await http.GetStringAsync(new Uri(ClientUrl, "/health"), attempt.Token);
                if (body.Contains("\"health\":\"true\"", StringComparison.Ordinal))
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
            {
                // Not listening yet, or no leader yet.
            }

            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new EtcdStartException(this, "was not healthy in time");
            }

            await timer.WaitForNextTickAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process?.Dispose();
        _process = null;
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lock)
        {
            _tail.Enqueue(line);
            if (_tail.Count > TailLines)
            {
                _tail.Dequeue();
            }
        }
    }
}
