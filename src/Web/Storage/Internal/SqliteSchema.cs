using Microsoft.Data.Sqlite;

namespace EventDashboard.Web.Storage.Internal;

/// <summary>
/// The SQLite store's schema and its versioned migrations. <c>PRAGMA user_version</c> holds the version a
/// database is at; opening applies every later migration in order, each in its own transaction, and refuses a
/// database from a newer server rather than guess at its layout.
/// </summary>
internal static class SqliteSchema
{
    // Index i brings a database from version i to version i + 1. Append only: a released step never changes.
    private static readonly string[] Migrations =
    [
        """
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
        -- Every retained Set; idx is the registry-wide log position, so the log is this table in idx order.
        CREATE TABLE sets (
            idx     INTEGER PRIMARY KEY,
            name    TEXT    NOT NULL,
            version INTEGER NOT NULL,
            value   BLOB    NOT NULL,
            set_at  INTEGER NOT NULL,
            source  TEXT    NOT NULL,
            remote  TEXT,
            who     TEXT,
            deleted INTEGER NOT NULL DEFAULT 0);
        CREATE UNIQUE INDEX sets_by_name ON sets (name, version);
        -- The newest Set of each name (deleted ones too), so opening reads one row per name, not the history.
        CREATE TABLE current (name TEXT PRIMARY KEY, idx INTEGER NOT NULL) WITHOUT ROWID;
        """,
        """
        -- What a Set was, when its setter said so (the dashboard's "revert of vN").
        ALTER TABLE sets ADD COLUMN note TEXT;
        """,
        """
        -- Access keys made at run time (POST /api/keys), the secret only as its SHA-256; prefixes is a JSON array.
        CREATE TABLE access_keys (
            name          TEXT    PRIMARY KEY,
            role          TEXT    NOT NULL,
            prefixes      TEXT    NOT NULL,
            secret_sha256 BLOB    NOT NULL,
            created_at    INTEGER NOT NULL) WITHOUT ROWID;
        """,
    ];

    /// <summary>Gets the version this server writes.</summary>
    public static int CurrentVersion => Migrations.Length;

    /// <summary>Reads the database's schema version.</summary>
    public static long ReadVersion(SqliteConnection connection) => Scalar(connection, "PRAGMA user_version;");

    /// <summary>Gets whether the database has any table at all (a file made by something else has).</summary>
    public static bool IsEmpty(SqliteConnection connection) =>
        Scalar(connection, "SELECT count(*) FROM sqlite_schema WHERE type = 'table';") == 0;

    /// <summary>Applies the migrations after <paramref name="from"/>.</summary>
    /// <returns>The version the database is at now.</returns>
    public static int Migrate(SqliteConnection connection, long from)
    {
        for (var version = (int)from; version < Migrations.Length; version++)
        {
            using var transaction = connection.BeginTransaction();
            using (var command = connection.CreateCommand())
            {
                command.Transaction = transaction;
                command.CommandText = Migrations[version] + $"PRAGMA user_version = {version + 1};";
                command.ExecuteNonQuery();
            }

            transaction.Commit();
        }

        return Migrations.Length;
    }

    private static long Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
