using System.Diagnostics;
using System.Runtime.InteropServices;

namespace EventDashboard.Benchmarks.EndToEnd;

/// <summary>
/// The processes a benchmark started (servers under test, etcd), killed when the benchmark ends however it
/// ends: normally (each owner disposes its own), on an exception that escapes <c>Main</c> (the runtime's
/// exit), or on Ctrl-C, SIGTERM or SIGHUP (the signal handlers kill them, then the signal ends this process
/// as usual). Only SIGKILL of the benchmark itself leaves them running.
/// </summary>
internal static class ChildProcesses
{
    private static readonly Lock Sync = new();
    private static readonly HashSet<Process> Running = [];
    // Kept in a field: a registration that is collected stops handling its signal.
    private static readonly PosixSignalRegistration[] Signals =
    [
        PosixSignalRegistration.Create(PosixSignal.SIGINT, _ => KillAll()),
        PosixSignalRegistration.Create(PosixSignal.SIGTERM, _ => KillAll()),
        PosixSignalRegistration.Create(PosixSignal.SIGHUP, _ => KillAll()),
    ];

    static ChildProcesses()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAll();
        AppDomain.CurrentDomain.UnhandledException += (_, _) => KillAll();
    }

    /// <summary>Starts <paramref name="start"/> and tracks the process until <see cref="Kill"/>.</summary>
    public static Process Start(ProcessStartInfo start)
    {
        lock (Sync)
        {
            // Under the lock, so that a signal handler's KillAll cannot miss a process that just started.
            var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {start.FileName}.");
            Running.Add(process);
            return process;
        }
    }

    /// <summary>Kills <paramref name="process"/> (and its children) if it still runs, waits for it to exit, and stops tracking it.</summary>
    public static async Task KillAsync(Process process)
    {
        KillOne(process);
        await process.WaitForExitAsync();
        lock (Sync)
        {
            Running.Remove(process);
        }
    }

    /// <summary>
    /// Kills every tracked process that still runs and waits (up to 5 s each) until they have exited. Safe to
    /// call more than once and from any thread; it blocks, as it runs where nothing can be awaited (signal
    /// handlers, process exit).
    /// </summary>
    public static void KillAll()
    {
        Process[] all;
        lock (Sync)
        {
            all = [.. Running];
        }

        foreach (var process in all)
        {
            KillOne(process);
        }

        foreach (var process in all)
        {
            try
            {
                process.WaitForExit(TimeSpan.FromSeconds(5));
            }
            catch (InvalidOperationException)
            {
                // Disposed by its owner meanwhile: it has exited.
            }
        }
    }

    private static void KillOne(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // It exited between the check and the kill.
        }
    }
}
