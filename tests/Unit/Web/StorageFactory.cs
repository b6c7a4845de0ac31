using System.Globalization;
using EventDashboard.Web.Storage;

namespace EventDashboard.Tests.Unit.Web;

/// <summary>
/// The real app on a store of its own: in memory, or a real SQLite file in a new temporary folder that is deleted
/// when the factory is disposed. Each instance is a fresh server with an empty store.
/// </summary>
public sealed class StorageFactory : EventDashboardFactory
{
    private StorageFactory(StorageProvider provider, string folder, int historyLimit)
        : base(new Dictionary<string, string?>
        {
            ["EventDashboard:Storage:Provider"] = provider.ToString(),
            ["EventDashboard:Storage:Path"] = folder,
            ["EventDashboard:HistoryLimit"] = historyLimit.ToString(CultureInfo.InvariantCulture),
        })
    {
        Folder = folder;
    }

    /// <summary>Gets the data folder of the SQLite store (unused by the memory store).</summary>
    public string Folder { get; }

    /// <summary>Creates a fresh server on <paramref name="provider"/>.</summary>
    public static StorageFactory Create(StorageProvider provider, int historyLimit = 1000) =>
        new(provider, Path.Combine(Path.GetTempPath(), "eventdashboard-tests-" + Guid.NewGuid().ToString("N")), historyLimit);

    public override async ValueTask DisposeAsync()
    {
        // The server closes its store first, so the folder is no longer in use.
        await base.DisposeAsync();
        if (Directory.Exists(Folder))
        {
            Directory.Delete(Folder, recursive: true);
        }

        GC.SuppressFinalize(this);
    }
}
