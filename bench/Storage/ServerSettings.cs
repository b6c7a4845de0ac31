namespace EventDashboard.Benchmarks.Storage;

/// <summary>How the benchmark starts EventDashboard servers: the same environment for every run, and the storage settings on the command line.</summary>
internal static class ServerSettings
{
    /// <summary>
    /// Production, and logging at Warning so that nothing is logged per request. The GC is left at the
    /// server's own settings (server GC, as for any ASP.NET Core app), which is how it would be deployed.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> Environment = new Dictionary<string, string>
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        ["Logging__LogLevel__Default"] = "Warning",
    };

    /// <summary>The command line of a server with the given storage provider, its data folder (for Sqlite) and any further settings.</summary>
    public static IReadOnlyList<string> Arguments(string provider, string? path, params string[] more)
    {
        // No demo values: they would Set in the background and, for an import, make the store non-empty.
        var arguments = new List<string> { "--Demo:Enabled=false", $"--EventDashboard:Storage:Provider={provider}" };
        if (path is not null)
        {
            arguments.Add($"--EventDashboard:Storage:Path={path}");
        }

        arguments.AddRange(more);
        return arguments;
    }
}
