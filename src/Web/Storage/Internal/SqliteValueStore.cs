using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text.Json;
using EventDashboard.Protocol;
using EventDashboard.Web.Values;
using Microsoft.Data.Sqlite;

namespace EventDashboard.Web.Storage.Internal;

/// <summary>
/// The store of <see cref="StorageProvider.Sqlite"/>: one SQLite database in WAL mode with
/// <c>synchronous=FULL</c>, so a commit returns only once the write-ahead log is fsynced.
/// </summary>
/// <remarks>
/// <para>One connection writes (the registry's commit loop, or an import); reads open their own pooled connections
/// and, thanks to WAL, never wait for a write or see half of one.</para>
/// <para>A lock file beside the database is held, with an exclusive advisory lock, from open to dispose: a second
/// server pointed at the same folder fails to take it and refuses to start. The kernel releases it when the
/// process dies, so a crash never leaves the folder locked.</para>
/// </remarks>
internal sealed partial class SqliteValueStore : IValueStore
{
    private const int SqliteCorrupt = 11;
    private const int SqliteNotADatabase = 26;

    private readonly string _folder;
    private readonly string _databasePath;
    private readonly int _historyLimit;
    private readonly ILogger _logger;
    private readonly string _readConnectionString;

    // Guards the write connection: commits and an import never overlap.
    private readonly StoreWriteGate _writeGate = new();
    private FileStream? _lockFile;
    private SqliteConnection? _writer;
    private volatile bool _closed;

    public SqliteValueStore(string folder, int historyLimit, ILogger logger)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(historyLimit, 1);
        _folder = Path.GetFullPath(folder);
        _databasePath = Path.Combine(_folder, StorageOptions.DatabaseFileName);
        _historyLimit = historyLimit;
        _logger = logger;
        _readConnectionString = new SqliteConnectionStringBuilder
        {
            DataSource = _databasePath,
            Mode = SqliteOpenMode.ReadOnly,
        }.ToString();
    }

    public string Location => _databasePath;

    public Task<StoreState> OpenAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            Directory.CreateDirectory(_folder);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new StoreOpenException($"The data folder {_folder} cannot be created: {ex.Message} Set EventDashboard:Storage:Path to a folder this server may write.", ex);
        }

        TakeLock();
        try
        {
            var state = OpenDatabase();
            var elapsed = Stopwatch.GetElapsedTime(started);
            StoreLog.Opened(_logger, _databasePath, state.StoreId, state.Newest.Count, state.LastIndex, elapsed);
            return Task.FromResult(state);
        }
        catch
        {
            Close();
            throw;
        }
    }

    public async Task CommitAsync(IReadOnlyList<SetRecord> records, CancellationToken cancellationToken)
    {
        await _writeGate.EnterAsync(cancellationToken);
        try
        {
            // SQLite keeps writing to a file that was deleted under it, into an inode nobody can ever open again:
            // those Sets would be acknowledged and lost. One stat per group commit is cheap next to its fsync.
            if (!File.Exists(_databasePath))
            {
                throw new IOException($"The database file {_databasePath} was removed while the server was running. Restart the server to start a new, empty store, or restore a backup into it.");
            }

            WriteInTransaction(Writer, records);
        }
        finally
        {
            _writeGate.Exit();
        }
    }

    // Read once, at start, on the writer: a pooled (read-only) reader left open would be the last connection to
    // close, and a read-only connection cannot checkpoint the write-ahead log into the database file on the way out.
    public async Task<IReadOnlyList<StoredAccessKey>> ReadKeysAsync(CancellationToken cancellationToken)
    {
        await _writeGate.EnterAsync(cancellationToken);
        try
        {
            using var select = Command(Writer, "SELECT name, role, prefixes, secret_sha256, created_at FROM access_keys ORDER BY name;");
            var keys = new List<StoredAccessKey>();
            using var reader = select.ExecuteReader();
            while (reader.Read())
            {
                keys.Add(new StoredAccessKey(
                    reader.GetString(0),
                    Enum.Parse<Auth.AccessRole>(reader.GetString(1)),
                    JsonSerializer.Deserialize<string[]>(reader.GetString(2)) ?? [],
                    (byte[])reader.GetValue(3),
                    DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4))));
            }

            return keys;
        }
        finally
        {
            _writeGate.Exit();
        }
    }

    public Task<bool> AddKeyAsync(StoredAccessKey key, CancellationToken cancellationToken) =>
        WriteKeyAsync(
            "INSERT OR IGNORE INTO access_keys (name, role, prefixes, secret_sha256, created_at) VALUES ($name, $role, $prefixes, $hash, $at);",
            cancellationToken,
            ("$name", key.Name),
            ("$role", key.Role.ToString()),
            ("$prefixes", JsonSerializer.Serialize(key.Prefixes)),
            ("$hash", key.SecretSha256),
            ("$at", key.CreatedAt.ToUnixTimeMilliseconds()));

    public Task<bool> RemoveKeyAsync(string name, CancellationToken cancellationToken) =>
        WriteKeyAsync("DELETE FROM access_keys WHERE name = $name;", cancellationToken, ("$name", name));

    public async Task<ValueHistory?> ReadHistoryAsync(string name, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        await using var connection = await OpenReaderAsync(cancellationToken);

        // One read transaction: the oldest version and the entries come from the same commit.
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await using var oldest = Command(connection, "SELECT min(version) FROM sets WHERE name = $name;", ("$name", name));
        oldest.Transaction = transaction;
        if (await oldest.ExecuteScalarAsync(cancellationToken) is not long oldestVersion)
        {
            return null;
        }

        await using var select = Command(
            connection,
            "SELECT idx, name, version, value, set_at, source, remote, who, deleted, note FROM sets WHERE name = $name ORDER BY version DESC LIMIT $limit;",
            ("$name", name),
            ("$limit", limit));
        select.Transaction = transaction;
        var entries = new List<HistoryEntry>();
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(ReadRecord(reader).Entry);
        }

        return new ValueHistory(name, oldestVersion, entries);
    }

    public async Task<IReadOnlyList<SetRecord>> ReadLogAsync(long afterIndex, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        await using var connection = await OpenReaderAsync(cancellationToken);
        await using var select = Command(
            connection,
            "SELECT idx, name, version, value, set_at, source, remote, who, deleted, note FROM sets WHERE idx > $after ORDER BY idx LIMIT $limit;",
            ("$after", afterIndex),
            ("$limit", limit));
        var records = new List<SetRecord>();
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            records.Add(ReadRecord(reader));
        }

        return records;
    }

    public async IAsyncEnumerable<SetRecord> ExportAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await OpenReaderAsync(cancellationToken);

        // A WAL read transaction sees the database as of its first read, however long the export takes and
        // however many commits happen meanwhile.
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await using var select = Command(connection, "SELECT idx, name, version, value, set_at, source, remote, who, deleted, note FROM sets ORDER BY idx;");
        select.Transaction = transaction;
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return ReadRecord(reader);
        }
    }

    public async Task<StoreState> ImportAsync(IAsyncEnumerable<SetRecord> records, CancellationToken cancellationToken)
    {
        await _writeGate.EnterAsync(cancellationToken);
        try
        {
            var writer = Writer;
            using var transaction = writer.BeginTransaction();
            try
            {
                using (var count = Command(writer, "SELECT count(*) FROM sets;"))
                {
                    count.Transaction = transaction;
                    if ((long)count.ExecuteScalar()! != 0)
                    {
                        throw new InvalidOperationException("The store is not empty.");
                    }
                }

                // Streamed in batches inside the one transaction: the import is all or nothing, and never whole in memory.
                var batch = new List<SetRecord>(1024);
                using (var writes = new Writes(writer, transaction))
                {
                    await foreach (var record in records.WithCancellation(cancellationToken))
                    {
                        batch.Add(record);
                        if (batch.Count == batch.Capacity)
                        {
                            writes.Add(batch, _historyLimit);
                            batch.Clear();
                        }
                    }

                    writes.Add(batch, _historyLimit);
                }

                transaction.Commit();
            }
            catch
            {
                RollBack(transaction);
                throw;
            }

            return ReadState(writer);
        }
        finally
        {
            _writeGate.Exit();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!await _writeGate.CloseAsync())
        {
            return;
        }

        _closed = true;
        Close();
    }

    private SqliteConnection Writer => _writer ?? throw new InvalidOperationException("The store is not open.");

    private void TakeLock()
    {
        var lockPath = Path.Combine(_folder, StorageOptions.DatabaseFileName + ".lock");
        try
        {
            // FileShare.None takes an exclusive advisory lock (flock) on Unix, and an exclusive open on Windows.
            _lockFile = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException ex)
        {
            throw new StoreOpenException(
                $"The data folder {_folder} is in use by another EventDashboard server (it holds {lockPath}). Stop that server, or point EventDashboard:Storage:Path at another folder.",
                ex);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new StoreOpenException($"The lock file {lockPath} cannot be opened: {ex.Message} Give this server write access to {_folder}.", ex);
        }
    }

    private StoreState OpenDatabase()
    {
        var existed = File.Exists(_databasePath);
        try
        {
            var connection = new SqliteConnection(new SqliteConnectionStringBuilder
            {
                DataSource = _databasePath,
                Mode = SqliteOpenMode.ReadWriteCreate,
                Pooling = false,
            }.ToString());
            _writer = connection;
            connection.Open();

            // Checked before anything is written: switching the journal mode rewrites the file's header, and a
            // database this server refuses (newer, or not its own) must be left exactly as it was.
            var version = SqliteSchema.ReadVersion(connection);
            if (version > SqliteSchema.CurrentVersion)
            {
                throw new StoreOpenException(
                    $"The database {_databasePath} was written by a newer EventDashboard (schema version {version}; this server knows up to {SqliteSchema.CurrentVersion}). Run the newer server, or restore a backup made by this version.");
            }

            if (version == 0 && !SqliteSchema.IsEmpty(connection))
            {
                throw new StoreOpenException(
                    $"The file {_databasePath} is an SQLite database, but not one of EventDashboard's. Move it away, or point EventDashboard:Storage:Path at another folder.");
            }

            Execute(connection, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;");
            if (version < SqliteSchema.CurrentVersion)
            {
                SqliteSchema.Migrate(connection, version);
                if (version > 0)
                {
                    LogMigrated(_databasePath, version, SqliteSchema.CurrentVersion);
                }
            }

            if (version == 0)
            {
                var storeId = StoreIds.New();
                using var insert = Command(connection, "INSERT INTO meta (key, value) VALUES ('store_id', $id);", ("$id", storeId));
                insert.ExecuteNonQuery();
                StoreLog.Created(_logger, _databasePath, storeId);
            }

            return ReadState(connection);
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode is SqliteCorrupt or SqliteNotADatabase)
        {
            throw new StoreOpenException(
                $"The database {_databasePath} is corrupt or not a database ({ex.Message}). The server will not start over it. Restore it from a backup (see the README), or move it away to start with an empty store.",
                ex);
        }
        catch (SqliteException ex)
        {
            throw new StoreOpenException(
                $"The database {_databasePath} cannot be {(existed ? "opened" : "created")}: {ex.Message} Check that the file and {_folder} can be read and written by this server.",
                ex);
        }
    }

    private static StoreState ReadState(SqliteConnection connection)
    {
        using var id = Command(connection, "SELECT value FROM meta WHERE key = 'store_id';");
        var storeId = id.ExecuteScalar() as string ?? throw new StoreOpenException("The database has no store id; it is damaged. Restore it from a backup.");
        using var last = Command(connection, "SELECT coalesce(max(idx), 0) FROM sets;");
        var lastIndex = (long)last.ExecuteScalar()!;
        using var select = Command(
            connection,
            "SELECT s.idx, s.name, s.version, s.value, s.set_at, s.source, s.remote, s.who, s.deleted, s.note FROM current c JOIN sets s ON s.idx = c.idx;");
        var newest = new List<SetRecord>();
        using var reader = select.ExecuteReader();
        while (reader.Read())
        {
            newest.Add(ReadRecord(reader));
        }

        return new StoreState(storeId, lastIndex, newest);
    }

    private void WriteInTransaction(SqliteConnection connection, IReadOnlyList<SetRecord> records)
    {
        using var transaction = connection.BeginTransaction();
        try
        {
            using (var writes = new Writes(connection, transaction))
            {
                writes.Add(records, _historyLimit);
            }

            // With synchronous=FULL in WAL mode, this returns once the log is fsynced: the records are durable.
            transaction.Commit();
        }
        catch
        {
            RollBack(transaction);
            throw;
        }
    }

    // After a failed COMMIT (a full disk, an I/O error) SQLite may have rolled back already; a second rollback then
    // fails with "no transaction is active", which must not hide the error that matters.
    private static void RollBack(SqliteTransaction transaction)
    {
        try
        {
            transaction.Rollback();
        }
        catch (SqliteException)
        {
        }
        catch (InvalidOperationException)
        {
        }
    }

    private async Task<SqliteConnection> OpenReaderAsync(CancellationToken cancellationToken)
    {
        // A read after disposal would reopen the file after its lock was released.
        ObjectDisposedException.ThrowIf(_closed, this);
        var connection = new SqliteConnection(_readConnectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    private void Close()
    {
        _writer?.Dispose();
        _writer = null;

        // Reader connections are pooled per connection string; clear them so the file is closed with the store.
        SqliteConnection.ClearPool(new SqliteConnection(_readConnectionString));
        _lockFile?.Dispose();
        _lockFile = null;
    }

    private static SetRecord ReadRecord(SqliteDataReader reader)
    {
        var value = JsonSerializer.Deserialize<JsonElement>(reader.GetFieldValue<byte[]>(3));
        var entry = new HistoryEntry(
            reader.GetInt64(2),
            value,
            new DateTimeOffset(reader.GetInt64(4), TimeSpan.Zero),
            reader.GetString(5),
            reader.IsDBNull(6) ? null : reader.GetString(6),
            reader.IsDBNull(7) ? null : reader.GetString(7),
            reader.GetInt64(8) != 0,
            reader.IsDBNull(9) ? null : reader.GetString(9));
        return new SetRecord(reader.GetInt64(0), reader.GetString(1), entry);
    }

    // One statement on the writer, between group commits: its own transaction, fsynced like them.
    private async Task<bool> WriteKeyAsync(string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await _writeGate.EnterAsync(cancellationToken);
        try
        {
            using var command = Command(Writer, sql, parameters);
            return command.ExecuteNonQuery() == 1;
        }
        finally
        {
            _writeGate.Exit();
        }
    }

    private static SqliteCommand Command(SqliteConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = Command(connection, sql);
        command.ExecuteNonQuery();
    }

    /// <summary>The prepared statements of one write transaction: insert a record, point its name at it, prune.</summary>
    private sealed class Writes : IDisposable
    {
        private readonly SqliteCommand _insert;
        private readonly SqliteCommand _current;
        private readonly SqliteCommand _prune;

        public Writes(SqliteConnection connection, SqliteTransaction transaction)
        {
            _insert = Prepare(
                connection,
                transaction,
                "INSERT INTO sets (idx, name, version, value, set_at, source, remote, who, deleted, note) VALUES ($idx, $name, $version, $value, $setAt, $source, $remote, $who, $deleted, $note);",
                "$idx", "$name", "$version", "$value", "$setAt", "$source", "$remote", "$who", "$deleted", "$note");
            _current = Prepare(connection, transaction, "INSERT OR REPLACE INTO current (name, idx) VALUES ($name, $idx);", "$name", "$idx");
            _prune = Prepare(connection, transaction, "DELETE FROM sets WHERE name = $name AND version <= $below;", "$name", "$below");
        }

        public void Add(IReadOnlyList<SetRecord> records, int historyLimit)
        {
            var newest = new Dictionary<string, long>(StringComparer.Ordinal);
            foreach (var record in records)
            {
                var entry = record.Entry;
                Bind(
                    _insert,
                    record.Index,
                    record.Name,
                    entry.Version,
                    JsonMarshal.GetRawUtf8Value(entry.Value).ToArray(),
                    entry.SetAt.UtcTicks,
                    entry.Source,
                    entry.Remote,
                    entry.Who,
                    entry.Deleted ? 1 : 0,
                    entry.Note);
                _insert.ExecuteNonQuery();
                Bind(_current, record.Name, record.Index);
                _current.ExecuteNonQuery();
                newest[record.Name] = entry.Version;
            }

            // Retention is applied in the same transaction, so it costs no fsync of its own and the oldest
            // retained version is exact at every commit.
            foreach (var (name, version) in newest)
            {
                if (version > historyLimit)
                {
                    Bind(_prune, name, version - historyLimit);
                    _prune.ExecuteNonQuery();
                }
            }
        }

        public void Dispose()
        {
            _insert.Dispose();
            _current.Dispose();
            _prune.Dispose();
        }

        private static SqliteCommand Prepare(SqliteConnection connection, SqliteTransaction transaction, string sql, params string[] names)
        {
            var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            foreach (var name in names)
            {
                command.Parameters.Add(new SqliteParameter { ParameterName = name });
            }

            command.Prepare();
            return command;
        }

        private static void Bind(SqliteCommand command, params object?[] values)
        {
            for (var i = 0; i < values.Length; i++)
            {
                command.Parameters[i].Value = values[i] ?? DBNull.Value;
            }
        }
    }
}
