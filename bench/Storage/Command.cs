using System.Diagnostics;
using System.Text;

namespace EventDashboard.Benchmarks.Storage;

/// <summary>Runs a short-lived program (apt-get, <c>etcd --version</c>) to completion.</summary>
internal static class Command
{
    /// <summary>
    /// Runs <paramref name="file"/> and returns its standard output. With <paramref name="echo"/>, each line of
    /// its output is also written to this program's standard error (standard output is for the result tables).
    /// </summary>
    /// <exception cref="InvalidOperationException">The program exited with a code other than 0.</exception>
    public static async Task<string> RunAsync(string file, IEnumerable<string> arguments, bool echo = false, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}.");
        var output = new StringBuilder();
        var errors = new StringBuilder();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (output)
                {
                    output.AppendLine(e.Data);
                }

                if (echo)
                {
                    Console.Error.WriteLine($"  {e.Data}");
                }
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (errors)
                {
                    errors.AppendLine(e.Data);
                }

                if (echo)
                {
                    Console.Error.WriteLine($"  {e.Data}");
                }
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"'{file} {string.Join(' ', start.ArgumentList)}' exited with code {process.ExitCode}: {errors.ToString().Trim()}");
        }

        lock (output)
        {
            return output.ToString();
        }
    }
}
