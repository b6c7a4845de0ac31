using System.Buffers.Binary;
using System.Net;
using EventDashboard.Tests.E2E.Infrastructure;
using Microsoft.Data.Sqlite;

namespace EventDashboard.Tests.E2E.Storage;

/// <summary>
/// A data folder the server must not use: it refuses to start (exit code 1, one line on stderr that names the file
/// and says what to do) and leaves every byte of the data as it found it, so the operator can still rescue it.
/// </summary>
public sealed class StartupFailureTests
{
    private const string Refusal = "EventDashboard cannot start: ";

    [Fact]
    public async Task Start_GarbageDatabaseFile_ExitsWithCodeOneNamingTheFileAndLeavesItUntouched()
    {
        await using var app = AppProcess.Create();
        var garbage = new byte[16 * 1024];
        new Random(20261201).NextBytes(garbage);
        await File.WriteAllBytesAsync(app.DatabasePath, garbage);

        var exitCode = await app.StartExpectingExitAsync();

        AssertRefused(app, exitCode, app.DatabasePath);
        await AssertUntouchedAsync(app.DatabasePath, garbage);
    }

    [Fact]
    public async Task Start_DatabaseWithGarbagePages_ExitsWithCodeOneNamingTheFileAndLeavesItUntouched()
    {
        // A real store, closed cleanly, whose pages after the first (the header and the table list) are then
        // overwritten: the file still looks like an EventDashboard database until its tables are read.
        await using var app = await AppProcess.StartAsync();
        using (var api = new StorageApi(app.BaseAddress))
        {
            for (var i = 0; i < 50; i++)
            {
                await api.SetAsync($"corrupt-{i % 5}", $"{{\"step\":{i},\"text\":\"{new string('x', 500)}\"}}");
            }
        }

        await app.StopGracefullyAsync();
        var bytes = await File.ReadAllBytesAsync(app.DatabasePath);
        var pageSize = BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(16, 2)) switch { 1 => 65536, var size => size };
        Assert.True(bytes.Length > pageSize, $"The database has one page only ({bytes.Length} bytes); it should hold 50 Sets.");
        new Random(20261202).NextBytes(bytes.AsSpan(pageSize));
        await File.WriteAllBytesAsync(app.DatabasePath, bytes);

        // Only the main file is damaged: a write-ahead log left beside it would serve some pages in its place.
        File.Delete(app.DatabasePath + "-wal");
        File.Delete(app.DatabasePath + "-shm");

        var exitCode = await app.StartExpectingExitAsync();

        AssertRefused(app, exitCode, app.DatabasePath);
        await AssertUntouchedAsync(app.DatabasePath, bytes);
    }

    [Fact]
    public async Task Start_NewerSchemaVersion_ExitsWithCodeOneSayingNewerAndLeavesTheFileUntouched()
    {
        await using var app = AppProcess.Create();
        var bytes = await CreateDatabaseAsync(app.DatabasePath, "CREATE TABLE sets_v99 (id INTEGER PRIMARY KEY); PRAGMA user_version = 99;");

        var exitCode = await app.StartExpectingExitAsync();

        AssertRefused(app, exitCode, app.DatabasePath);
        Assert.Contains("newer", app.ErrorOutput, StringComparison.OrdinalIgnoreCase);
        await AssertUntouchedAsync(app.DatabasePath, bytes);
    }

    [Fact]
    public async Task Start_AnotherProgramsSqliteDatabase_ExitsWithCodeOneAndLeavesTheFileUntouched()
    {
        await using var app = AppProcess.Create();
        var bytes = await CreateDatabaseAsync(app.DatabasePath, "CREATE TABLE notes (text TEXT); INSERT INTO notes VALUES ('keep me');");

        var exitCode = await app.StartExpectingExitAsync();

        AssertRefused(app, exitCode, app.DatabasePath);
        await AssertUntouchedAsync(app.DatabasePath, bytes);
    }

    [Fact]
    public async Task Start_DataFolderInUseByAnotherServer_SecondExitsWithCodeOneAndFirstKeepsServing()
    {
        await using var first = await AppProcess.StartAsync();
        using var api = new StorageApi(first.BaseAddress);
        await api.SetAsync("in-use", "1");
        await using var second = AppProcess.Create(first.DataDirectory);

        var exitCode = await second.StartExpectingExitAsync();

        AssertRefused(second, exitCode, first.DataDirectory);
        Assert.Contains("in use", second.ErrorOutput, StringComparison.Ordinal);
        Assert.Equal(2, await api.SetAsync("in-use", "2"));
        var read = await api.GetAsync("api/values/in-use");
        Assert.Equal(HttpStatusCode.OK, read.Status);
        Assert.Equal(2, read.Body.GetProperty("value").GetInt32());
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("readyz")).Status);
    }

    private static void AssertRefused(AppProcess app, int exitCode, string path)
    {
        Assert.True(exitCode == 1, $"The server exited with code {exitCode}; expected 1:\n{app.Output}");
        var refusal = app.ErrorOutput.Split('\n').SingleOrDefault(line => line.StartsWith(Refusal, StringComparison.Ordinal));
        Assert.True(refusal is not null, $"Standard error has no line starting with '{Refusal}':\n{app.ErrorOutput}");
        Assert.Contains(path, refusal, StringComparison.Ordinal);
    }

    private static async Task AssertUntouchedAsync(string path, byte[] expected)
    {
        var actual = await File.ReadAllBytesAsync(path);
        Assert.True(
            actual.AsSpan().SequenceEqual(expected),
            $"The server changed {path} although it refused to use it ({expected.Length} bytes before, {actual.Length} after).");
    }

    // Made by another SQLite user, in SQLite's default (rollback journal) mode, and closed: the bytes on disk.
    private static async Task<byte[]> CreateDatabaseAsync(string path, string sql)
    {
        var connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString();
        await using (var connection = new SqliteConnection(connectionString))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            await command.ExecuteNonQueryAsync();
        }

        return await File.ReadAllBytesAsync(path);
    }
}
