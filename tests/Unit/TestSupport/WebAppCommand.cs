using System.Diagnostics;

namespace EventDashboard.Tests.Unit.TestSupport;

/// <summary>The built app run as a user runs it, <c>dotnet EventDashboard.Web.dll ...</c>, to its exit.</summary>
internal static class WebAppCommand
{
    /// <summary>Runs the app with <paramref name="args"/> in <paramref name="workingDirectory"/> (where no appsettings.json is).</summary>
    /// <returns>A task whose result is the exit code and everything written to standard output and error.</returns>
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(string workingDirectory, IEnumerable<string> args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "EventDashboard.Web.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().Within();
        return (process.ExitCode, await output, await error);
    }
}
