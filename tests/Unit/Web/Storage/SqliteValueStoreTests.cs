using System.Text;
using EventDashboard.Tests.Unit.TestSupport;
using EventDashboard.Web;
using EventDashboard.Web.Storage;
using EventDashboard.Web.Storage.Internal;
using EventDashboard.Web.Values;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace EventDashboard.Tests.Unit.Web.Storage;

public sealed class SqliteValueStoreTests : StoreConformanceTests, IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("eventdashboard-store-");

    private string DatabasePath => Path.Combine(_folder.FullName, StorageOptions.DatabaseFileName);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _folder.Delete(recursive: true);
    }

    // A new store object on the same folder each time: a restart reads everything back from the file.
    private protected override IValueStore OpenStore(int historyLimit) =>
        new SqliteValueStore(_folder.FullName, historyLimit, NullLogger.Instance);

    [Fact]
    public async Task OpenAsync_FolderInUseByAnotherStore_RefusesNamingTheFolder()
    {
        var first = Open();
        await using var second = new SqliteValueStore(_folder.FullName, 10, NullLogger.Instance);

        var error = await Assert.ThrowsAsync<StoreOpenException>(() => second.OpenAsync(CancellationToken.None));

        Assert.Contains("in use by another EventDashboard server", error.Message, StringComparison.Ordinal);
        Assert.Contains(_folder.FullName, error.Message, StringComparison.Ordinal);
        Assert.Equal(SetOutcomeKind.Created, (await first.SetAsync("a", "1"u8, new SetOrigin(SetSource.Http))).Kind);
    }

    [Fact]
    public async Task OpenAsync_CorruptFile_RefusesNamingTheFileAndLeavesItAlone()
    {
        var garbage = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("not a database at all. ", 400)));
        await File.WriteAllBytesAsync(DatabasePath, garbage);
        await using var store = new SqliteValueStore(_folder.FullName, 10, NullLogger.Instance);

        var error = await Assert.ThrowsAsync<StoreOpenException>(() => store.OpenAsync(CancellationToken.None));

        Assert.Contains(DatabasePath, error.Message, StringComparison.Ordinal);
        Assert.Contains("corrupt", error.Message, StringComparison.Ordinal);
        Assert.Equal(garbage, await File.ReadAllBytesAsync(DatabasePath));
    }

    [Fact]
    public async Task OpenAsync_NewerSchema_RefusesSayingSo()
    {
        await (await ReopenAsync(Open())).DisposeAsync();
        ExecuteSql("PRAGMA user_version = 99;");

        await using var store = new SqliteValueStore(_folder.FullName, 10, NullLogger.Instance);
        var error = await Assert.ThrowsAsync<StoreOpenException>(() => store.OpenAsync(CancellationToken.None));

        Assert.Contains("newer EventDashboard (schema version 99", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenAsync_AnotherProgramsDatabase_Refuses()
    {
        ExecuteSql("CREATE TABLE people (name TEXT);");

        await using var store = new SqliteValueStore(_folder.FullName, 10, NullLogger.Instance);
        var error = await Assert.ThrowsAsync<StoreOpenException>(() => store.OpenAsync(CancellationToken.None));

        Assert.Contains("not one of EventDashboard's", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SetAsync_DatabaseFileRemoved_AnswersUnavailableAndKeepsServingReads()
    {
        var registry = Open();
        await registry.SetAsync("kept", "1"u8, new SetOrigin(SetSource.Http));
        File.Delete(DatabasePath);

        var outcome = await registry.SetAsync("kept", "2"u8, new SetOrigin(SetSource.Http));

        Assert.Equal(SetOutcomeKind.Unavailable, outcome.Kind);
        Assert.Contains("was removed", outcome.Detail, StringComparison.Ordinal);
        Assert.Contains("was removed", registry.WriteFailure, StringComparison.Ordinal);
        Assert.Equal(1, registry.Get("kept")!.Version);

        // The refused Set left nothing behind: the accepted version fell back, so a compare-and-set on 1 is still a match.
        var retry = await registry.SetAsync("kept", "3"u8, new SetOrigin(SetSource.Http), expectedVersion: 1);
        Assert.Equal(SetOutcomeKind.Unavailable, retry.Kind);
    }

    private void ExecuteSql(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
