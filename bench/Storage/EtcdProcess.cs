using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using EventDashboard.Benchmarks.EndToEnd;

namespace EventDashboard.Benchmarks.Storage;

/// <summary>
/// One etcd member from Debian's <c>etcd-server</c> package, started by the benchmark on loopback ports
/// with its own fresh data folder and etcd's defaults otherwise (an fsync per commit). Its clients talk to
/// the HTTP/JSON gateway that etcd serves on the client port beside gRPC.
/// </summary>
internal sealed class EtcdProcess : IAsyncDisposable
{
    public const string Executable = "/usr/bin/etcd";

    // etcd's own warnings (such as "apply request took too long") go to standard error; after this many
    // lines the rest are only counted, so that a slow disk does not drown the progress lines.
    private const int LoggedLines = 20;

    private static readonly char[] Whitespace = ['\t', ' '];

    private readonly Process _process;

    private int _lines;

    private EtcdProcess(Process process, Uri clientAddress)
    {
        _process = process;
        ClientAddress = clientAddress;
    }

    /// <summary>Gets the client URL, where both gRPC and the JSON gateway are served.</summary>
    public Uri ClientAddress { get; }

    /// <summary>Gets the gateway's path prefix that this etcd answers: <c>/v3/</c> (etcd 3.4 and later) or <c>/v3beta/</c> (3.3).</summary>
    public string GatewayPrefix { get; private set; } = "/v3/";

    /// <summary>Installs Debian's <c>etcd-server</c> (apt-get update, then apt-get install) when <see cref="Executable"/> is missing.</summary>
    public static async Task EnsureInstalledAsync()
    {
        if (File.Exists(Executable))
        {
            return;
        }

        Console.Error.WriteLine($"{Executable} is missing: installing Debian's etcd-server (apt-get update; apt-get install -y etcd-server)");
        var root = IsRoot();
        var environment = new Dictionary<string, string> { ["DEBIAN_FRONTEND"] = "noninteractive" };
        foreach (var arguments in new[] { new[] { "apt-get", "update" }, ["apt-get", "install", "-y", "etcd-server"] })
        {
            if (root)
            {
                await Command.RunAsync(arguments[0], arguments[1..], echo: true, environment);
            }
            else
            {
                // sudo resets the environment; it takes variables as leading arguments instead.
                await Command.RunAsync("sudo", ["DEBIAN_FRONTEND=noninteractive", .. arguments], echo: true);
            }
        }

        if (!File.Exists(Executable))
        {
            throw new InvalidOperationException($"apt-get installed etcd-server, but {Executable} is still missing.");
        }
    }

    /// <summary>The installed etcd's version ("3.4.23"), from <c>etcd --version</c>; null when it is not installed.</summary>
    public static async Task<string?> VersionAsync()
    {
        if (!File.Exists(Executable))
        {
            return null;
        }

        // The first line reads "etcd Version: 3.4.23".
        var output = await Command.RunAsync(Executable, ["--version"]);
        var first = output.Split('\n')[0];
        return first.Contains(':', StringComparison.Ordinal) ? first[(first.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim() : first.Trim();
    }

    /// <summary>Starts a single-member cluster with its data in <paramref name="dataFolder"/> and waits until it is healthy and its gateway answers.</summary>
    public static async Task<EtcdProcess> StartAsync(string dataFolder) => (await StartClusterAsync(dataFolder, 1))[0];

    /// <summary>
    /// Starts a cluster of <paramref name="members"/> members, each with its data in its own folder under
    /// <paramref name="dataFolder"/>, and waits until every member is healthy (has a leader) and answers the gateway.
    /// </summary>
    public static async Task<IReadOnlyList<EtcdProcess>> StartClusterAsync(string dataFolder, int members)
    {
        var names = Enumerable.Range(0, members).Select(i => members == 1 ? "bench" : $"bench{i}").ToArray();
        var clientUrls = names.Select(_ => $"http://127.0.0.1:{LoopbackPort.Free()}").ToArray();
        var peerUrls = names.Select(_ => $"http://127.0.0.1:{LoopbackPort.Free()}").ToArray();
        var initialCluster = string.Join(',', names.Select((n, i) => $"{n}={peerUrls[i]}"));
        var started = new List<EtcdProcess>();
        try
        {
            // All members before any health check: a member of a new cluster is healthy only once a quorum elected a leader.
            for (var i = 0; i < members; i++)
            {
                started.Add(Launch(names[i], members == 1 ? dataFolder : Path.Combine(dataFolder, names[i]), clientUrls[i], peerUrls[i], initialCluster));
            }

            foreach (var etcd in started)
            {
                await etcd.WaitHealthyAsync(TimeSpan.FromSeconds(60));
                await etcd.FindGatewayAsync();
            }

            return started;
        }
        catch
        {
            foreach (var etcd in started)
            {
                await etcd.DisposeAsync();
            }

            throw;
        }
    }

    /// <summary>Whether this member is the cluster's leader now, from its <c>maintenance/status</c> (its own id against the leader's).</summary>
    public async Task<bool> IsLeaderAsync()
    {
        using var http = new HttpClient { BaseAddress = ClientAddress, Timeout = TimeSpan.FromSeconds(5) };
        using var body = new ByteArrayContent("{}"u8.ToArray());
        body.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await http.PostAsync(GatewayPrefix.TrimStart('/') + "maintenance/status", body);
        response.EnsureSuccessStatusCode();
        using var status = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        // The gateway writes 64-bit ids as JSON strings.
        var own = status.RootElement.GetProperty("header").GetProperty("member_id").GetString();
        return own is not null && own == status.RootElement.GetProperty("leader").GetString();
    }

    /// <summary>Kills the member with SIGKILL, as a crash would, and waits until it is gone.</summary>
    public Task KillAsync() => ChildProcesses.KillAsync(_process);

    private static EtcdProcess Launch(string name, string dataFolder, string clientUrl, string peerUrl, string initialCluster)
    {
        var start = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        // etcd also reads its settings from ETCD_* variables: none of the caller's may leak in.
        foreach (var variable in start.Environment.Keys.Where(k => k.StartsWith("ETCD_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(variable);
        }

        foreach (var argument in new[]
        {
            "--name", name,
            "--data-dir", dataFolder,
            "--listen-client-urls", clientUrl,
            "--advertise-client-urls", clientUrl,
            "--listen-peer-urls", peerUrl,
            "--initial-advertise-peer-urls", peerUrl,
            "--initial-cluster", initialCluster,
            "--initial-cluster-state", "new",
            "--initial-cluster-token", "eventdashboard-bench",

            // 3.4's default logger (capnslog) is deprecated and logs every request at info level.
            "--logger", "zap",
            "--log-outputs", "stderr",
            "--log-level", "warn",
        })
        {
            start.ArgumentList.Add(argument);
        }

        var process = ChildProcesses.Start(start);
        var etcd = new EtcdProcess(process, new Uri(clientUrl + "/"));
        process.OutputDataReceived += (_, e) => etcd.Log(e.Data);
        process.ErrorDataReceived += (_, e) => etcd.Log(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return etcd;
    }

    /// <summary>The CPU time etcd has used so far.</summary>
    public TimeSpan CpuTime()
    {
        _process.Refresh();
        return _process.TotalProcessorTime;
    }

    public async ValueTask DisposeAsync()
    {
        await ChildProcesses.KillAsync(_process);
        if (_lines > LoggedLines)
        {
            Console.Error.WriteLine($"[etcd {_process.Id}] {_lines - LoggedLines} more log lines not shown");
        }

        _process.Dispose();
    }

    private static bool IsRoot()
    {
        // "Uid:" lists the real, effective, saved and file-system user ids.
        var uid = File.ReadLines("/proc/self/status").First(l => l.StartsWith("Uid:", StringComparison.Ordinal));
        return uid.Split(Whitespace, StringSplitOptions.RemoveEmptyEntries)[2] == "0";
    }

    private void Log(string? line)
    {
        if (line is not null && Interlocked.Increment(ref _lines) <= LoggedLines)
        {
            Console.Error.WriteLine($"[etcd {_process.Id}] {line}");
        }
    }

    private async Task WaitHealthyAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { BaseAddress = ClientAddress };
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                // {"health":"true"} once the member has a leader (itself) and can commit.
                using var response = await http.GetAsync("health");
                if (response.IsSuccessStatusCode && (await response.Content.ReadAsStringAsync()).Contains("true", StringComparison.Ordinal))
                {
                    return;
                }
            }
            catch (HttpRequestException) when (clock.Elapsed < timeout && !_process.HasExited)
            {
            }

            if (_process.HasExited || clock.Elapsed > timeout)
            {
                throw new InvalidOperationException(_process.HasExited
                    ? $"etcd exited with code {_process.ExitCode} before it was healthy."
                    : $"etcd was not healthy within {timeout.TotalSeconds:F0} s.");
            }

            await Task.Delay(20);
        }
    }

    // etcd 3.3 served the gateway under /v3beta, 3.4 under /v3 (keeping /v3beta as an alias), 3.5 only under
    // /v3. A read of a key that does not exist finds the one this etcd answers without writing anything.
    private async Task FindGatewayAsync()
    {
        using var http = new HttpClient { BaseAddress = ClientAddress };
        foreach (var prefix in new[] { "/v3/", "/v3beta/" })
        {
            using var body = new ByteArrayContent(Encoding.UTF8.GetBytes("{\"key\":\"" + Convert.ToBase64String("gateway-probe"u8) + "\"}"));
            body.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            using var response = await http.PostAsync(prefix.TrimStart('/') + "kv/range", body);
            if (response.IsSuccessStatusCode)
            {
                GatewayPrefix = prefix;
                return;
            }
        }

        throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"etcd at {ClientAddress} answers neither /v3/kv/range nor /v3beta/kv/range."));
    }
}
