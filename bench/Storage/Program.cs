using System.Globalization;
using System.Runtime.InteropServices;
using EventDashboard.Benchmarks.EndToEnd;

namespace EventDashboard.Benchmarks.Storage;

/// <summary>
/// The storage benchmark: Sets over HTTP against EventDashboard (in memory, and on SQLite) and against etcd,
/// side by side in one run; and server startup with an empty and with an imported store. Every server runs
/// in its own process on a loopback port, with its data in a fresh temporary folder; this program is the load
/// generator, prints progress to standard error and the Markdown tables to standard output.
/// See bench/README.md ("Storage"). Usage: <see cref="BenchOptions.Usage"/>.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Contains("--help") || args.Contains("-h"))
        {
            Console.WriteLine(BenchOptions.Usage);
            return 0;
        }

        BenchOptions options;
        try
        {
            options = BenchOptions.Parse(args);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine(e.Message);
            Console.Error.WriteLine(BenchOptions.Usage);
            return 2;
        }

        if (options.WriteImport is { } path)
        {
            await using var file = File.Create(path);
            using var import = new ImportStream(options.Values, options.SetsPerValue);
            await import.CopyToAsync(file);
            Console.Error.WriteLine($"wrote {import.BytesWritten:N0} bytes to {path}");
            return 0;
        }

        var scratch = Directory.CreateTempSubdirectory("eventdashboard-bench-storage-").FullName;

        // On Ctrl-C, SIGTERM or SIGHUP the servers are killed (ChildProcesses does that too) and then their
        // folders deleted; the signal then ends this process as usual.
        void Abort(PosixSignalContext context)
        {
            Console.Error.WriteLine($"{context.Signal}: killing the servers and deleting {scratch}");
            ChildProcesses.KillAll();
            DeleteFolder(scratch);
        }

        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Abort);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Abort);
        using var hangUp = PosixSignalRegistration.Create(PosixSignal.SIGHUP, Abort);
        try
        {
            return await RunAsync(options, scratch);
        }
        finally
        {
            ChildProcesses.KillAll();
            DeleteFolder(scratch);
        }
    }

    private static async Task<int> RunAsync(BenchOptions options, string scratch)
    {
        var loadAverage = MachineInfo.LoadAverage();
        var tables = new List<string>();
        var failed = false;
        string? etcd = null;

        if (options.Sets)
        {
            await EtcdProcess.EnsureInstalledAsync();
            var etcdVersion = await EtcdProcess.VersionAsync() ?? throw new InvalidOperationException("etcd is not installed.");
            var gateway = "?";
            var targets = new Func<Task<SetTarget>>[]
            {
                async () => await EventDashboardTarget.StartAsync("Memory", null),
                async () => await EventDashboardTarget.StartAsync("Sqlite", Directory.CreateDirectory(Path.Combine(scratch, "sets-sqlite")).FullName),
                async () =>
                {
                    // Not created here: etcd creates its data folder itself, private to its user as it wants it.
                    var process = await EtcdProcess.StartAsync(Path.Combine(scratch, "sets-etcd"));
                    gateway = process.GatewayPrefix;
                    return new EtcdTarget(process, etcdVersion);
                },
                async () => await EventDashboardTarget.StartOnEtcdAsync(Path.Combine(scratch, "sets-eventdashboard-etcd")),
            };

            var results = new List<SetResult>();
            foreach (var start in targets)
            {
                await using var target = await start();
                using var http = BenchHttp.NewClient(target.BaseAddress);
                foreach (var setters in options.Setters)
                {
                    Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"sets: {target.Name}, {setters} setter(s): {options.Warmup.TotalSeconds:0.#} s warm-up, {options.Duration.TotalSeconds:0.#} s measured"));
                    var result = await SetLoad.RunAsync(target, http, setters, options.Warmup, options.Duration);
                    Console.Error.WriteLine(result.ToRow());
                    if (result.FirstError is not null)
                    {
                        Console.Error.WriteLine($"  {result.Errors:N0} errors; the first: {result.FirstError}");
                        failed = true;
                    }

                    results.Add(result);
                }
            }

            etcd = $"etcd {etcdVersion} (JSON gateway {gateway}kv/put)";
            tables.Add(string.Create(CultureInfo.InvariantCulture,
                $"### Sets over HTTP: each setter sets its own name back to back, values of about 100 bytes; {options.Warmup.TotalSeconds:0.#} s warm-up, {options.Duration.TotalSeconds:0.#} s measured"));
            tables.Add("");
            tables.Add(SetResult.Header);
            tables.AddRange(results.Select(r => r.ToRow()));
        }
        else if (await EtcdProcess.VersionAsync() is { } installed)
        {
            etcd = $"etcd {installed} (installed, not used)";
        }

        if (options.Cluster)
        {
            await EtcdProcess.EnsureInstalledAsync();
            etcd = $"etcd {await EtcdProcess.VersionAsync()}, 3 members";
            var (clusterTables, clusterFailed) = await ClusterBenchmark.RunAsync(options, scratch);
            tables.AddRange(clusterTables);
            failed |= clusterFailed;
        }

        if (options.Startup)
        {
            var results = await StartupBenchmark.RunAsync(scratch, options.Values, options.SetsPerValue, options.Runs);
            failed |= results.Any(r => r.Problem is not null);
            if (tables.Count > 0)
            {
                tables.Add("");
            }

            tables.Add(string.Create(CultureInfo.InvariantCulture,
                $"### Startup: {options.Values:N0} values x {options.SetsPerValue} Sets imported, against empty stores; median (min-max) of {options.Runs} restarts after a kill"));
            tables.Add("");
            tables.Add(StartupResult.Header);
            tables.AddRange(results.Select(r => r.ToRow()));
        }

        Console.WriteLine();
        Console.WriteLine($"Machine: {MachineInfo.Describe(etcd, scratch, loadAverage)}.");
        Console.WriteLine();
        tables.ForEach(Console.WriteLine);
        return failed ? 1 : 0;
    }

    private static void DeleteFolder(string folder)
    {
        try
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
        catch (IOException e)
        {
            Console.Error.WriteLine($"Could not delete {folder}: {e.Message}");
        }
        catch (UnauthorizedAccessException e)
        {
            Console.Error.WriteLine($"Could not delete {folder}: {e.Message}");
        }
    }
}
