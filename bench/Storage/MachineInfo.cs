using System.Runtime.InteropServices;

namespace EventDashboard.Benchmarks.Storage;

/// <summary>The machine line printed above the tables: what the numbers were measured on.</summary>
internal static class MachineInfo
{
    /// <summary>CPU model, cores, OS, .NET, etcd (when used), the data folders' file system and the load average when the run started.</summary>
    public static string Describe(string? etcd, string scratch, string loadAverage) => string.Join(", ",
        new[]
        {
            CpuModel(),
            $"{Environment.ProcessorCount} cores",
            OperatingSystem(),
            RuntimeInformation.FrameworkDescription,
            etcd ?? "etcd not used",
            $"data folders in {scratch} ({FileSystem(scratch)})",
            $"load average {loadAverage} at the start",
        });

    /// <summary>The 1-minute load average, from /proc/loadavg.</summary>
    public static string LoadAverage() => File.ReadAllText("/proc/loadavg").Split(' ')[0];

    private static string CpuModel() =>
        File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal)) is { } line
            ? line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim()
            : RuntimeInformation.ProcessArchitecture.ToString();

    private static string OperatingSystem() =>
        File.Exists("/etc/os-release")
        && File.ReadLines("/etc/os-release").FirstOrDefault(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal)) is { } line
            ? line["PRETTY_NAME=".Length..].Trim('"')
            : RuntimeInformation.OSDescription;

    // The type of the longest mount point that contains the folder (ext4, tmpfs, overlay…): fsync costs
    // depend on it, and on tmpfs "durable" costs nothing.
    private static string FileSystem(string folder)
    {
        var best = (Mount: "", Type: "unknown");
        foreach (var line in File.ReadLines("/proc/mounts"))
        {
            var fields = line.Split(' ');
            if (fields.Length < 3)
            {
                continue;
            }

            var mount = fields[1].Replace("\\040", " ", StringComparison.Ordinal);
            var inside = folder == mount || folder.StartsWith(mount.TrimEnd('/') + "/", StringComparison.Ordinal);
            if (inside && mount.Length >= best.Mount.Length)
            {
                best = (mount, fields[2]);
            }
        }

        return best.Type;
    }
}
