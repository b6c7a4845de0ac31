using System.Diagnostics;

namespace EventDashboard.Tests.E2E.Infrastructure;

/// <summary>Runs a system command (mount, kill) to its end, as a test step that must succeed.</summary>
public static class ExternalCommand
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>Runs <paramref name="fileName"/> with <paramref name="arguments"/> and waits until it exits.</summary>
    /// <param name="fileName">The command, looked up on the PATH.</param>
    /// <param name="arguments">Its arguments, each passed as one.</param>
    /// <returns>A task that completes when the command has exited with code 0.</returns>
    /// <exception cref="InvalidOperationException">The command failed; the message has its output.</exception>
    public static async Task RunAsync(string fileName, params string[] arguments)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(Timeout);
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"'{fileName} {string.Join(' ', arguments)}' failed with exit code {process.ExitCode}: {await output}{await error}");
        }
    }
}
