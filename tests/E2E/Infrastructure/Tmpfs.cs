using System.Globalization;

namespace EventDashboard.Tests.E2E.Infrastructure;

/// <summary>
/// A small tmpfs mounted on a new temporary folder: a disk that fills up after a few megabytes, and that can be
/// given room again while a server writes to it. Mounting needs root, as CI has.
/// </summary>
public sealed class Tmpfs : IAsyncDisposable
{
    private Tmpfs(string path)
    {
        Path = path;
    }

    /// <summary>Gets the mount point.</summary>
    public string Path { get; }

    /// <summary>Mounts a tmpfs of <paramref name="megabytes"/> MiB on a new temporary folder.</summary>
    /// <param name="megabytes">The size.</param>
    /// <returns>A task whose result is the mounted file system; dispose it to unmount it.</returns>
    public static async Task<Tmpfs> MountAsync(int megabytes)
    {
        Assert.True(
            Environment.IsPrivilegedProcess,
            "The full-disk tests mount a tmpfs, which needs root: run them as root (CI does), e.g. in the dev container.");
        var path = Directory.CreateTempSubdirectory("eventdashboard-tmpfs-").FullName;
        try
        {
            await ExternalCommand.RunAsync("mount", "-t", "tmpfs", "-o", Size(megabytes), "tmpfs", path);
        }
        catch
        {
            Directory.Delete(path);
            throw;
        }

        return new Tmpfs(path);
    }

    /// <summary>Changes the size in place; the files stay, and a process writing to them notices nothing else.</summary>
    /// <param name="megabytes">The new size.</param>
    /// <returns>A task that completes when the file system has the new size.</returns>
    public Task ResizeAsync(int megabytes) => ExternalCommand.RunAsync("mount", "-o", "remount," + Size(megabytes), Path);

    /// <summary>Unmounts the file system (stop every process using it first) and removes the mount point.</summary>
    /// <returns>A task that completes when it is gone.</returns>
    public async ValueTask DisposeAsync()
    {
        await ExternalCommand.RunAsync("umount", Path);
        Directory.Delete(Path);
    }

    private static string Size(int megabytes) => string.Create(CultureInfo.InvariantCulture, $"size={megabytes}m");
}
