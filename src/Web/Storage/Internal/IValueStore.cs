using EventDashboard.Protocol;
using EventDashboard.Web.Values;

namespace EventDashboard.Web.Storage.Internal;

/// <summary>
/// Keeps the registry's state: every Set as a <see cref="SetRecord"/> (the registry-wide log), a value's retained
/// history, and the newest record of each name. The registry is its only user and calls <see cref="CommitAsync"/>
/// from one loop at a time; reads may come from any thread at any time.
/// </summary>
/// <remarks>
/// The contract knows nothing of files or SQL, so that a shared engine (etcd) can implement it as well. Every
/// implementation runs the same conformance suite (tests/Unit/Web/Storage/StoreConformanceTests.cs).
/// </remarks>
internal interface IValueStore : IAsyncDisposable
{
    /// <summary>Gets a text that says where the data is, for messages (a file path, "memory").</summary>
    string Location { get; }

    /// <summary>Gets the most records one <see cref="CommitAsync"/> may take (etcd bounds a transaction's operations).</summary>
    int MaxGroupSets => int.MaxValue;

    /// <summary>
    /// Gets the most bytes of values (their UTF-8 JSON) one <see cref="CommitAsync"/> may take, unless it takes one
    /// record only (etcd bounds a request's size).
    /// </summary>
    long MaxGroupBytes => long.MaxValue;

    /// <summary>
    /// Opens the store, creating it when it does not exist, and reads the newest record of every name (deleted
    /// ones too, so that their versions continue).
    /// </summary>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>A task whose result is what the store holds now.</returns>
    /// <exception cref="StoreOpenException">The store cannot be used; the message says why and what to do.</exception>
    Task<StoreState> OpenAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Makes <paramref name="records"/> durable, all or none, and drops each touched name's history beyond the
    /// retention limit. The records continue the log: their indexes go up by one from the last committed one.
    /// </summary>
    /// <param name="records">The records, in index order.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>A task that completes when every record is durable.</returns>
    /// <exception cref="Exception">Anything: the write failed and none of the records is kept.</exception>
    Task CommitAsync(IReadOnlyList<SetRecord> records, CancellationToken cancellationToken);

    /// <summary>Reads a name's retained history, newest first.</summary>
    /// <param name="name">The value's name.</param>
    /// <param name="limit">The most entries to return, at least 1.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>A task whose result is the history, or <see langword="null"/> when the name has none.</returns>
    Task<ValueHistory?> ReadHistoryAsync(string name, int limit, CancellationToken cancellationToken);

    /// <summary>Reads the retained records with an index above <paramref name="afterIndex"/>, oldest first.</summary>
    /// <param name="afterIndex">The last index the reader has.</param>
    /// <param name="limit">The most records to return, at least 1.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>A task whose result is the records; empty when none is retained above the index.</returns>
    Task<IReadOnlyList<SetRecord>> ReadLogAsync(long afterIndex, int limit, CancellationToken cancellationToken);

    /// <summary>Streams every retained record in index order, as of one instant (later commits are not included).</summary>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The records.</returns>
    IAsyncEnumerable<SetRecord> ExportAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Loads records into the store, which must hold none: all of them, or (when the stream or the write fails)
    /// none. The registry checks the records' order before they get here.
    /// </summary>
    /// <param name="records">The records, in index order.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>A task whose result is the store's state afterwards.</returns>
    Task<StoreState> ImportAsync(IAsyncEnumerable<SetRecord> records, CancellationToken cancellationToken);

    /// <summary>Reads the access keys made at run time, sorted by name.</summary>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>A task whose result is the keys; a store that keeps none answers none.</returns>
    /// <remarks>
    /// The key members have defaults so that a store without them still builds: it has no runtime keys, and making
    /// one fails with a message. SQLite and memory keep them.
    /// </remarks>
    Task<IReadOnlyList<StoredAccessKey>> ReadKeysAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<StoredAccessKey>>([]);

    /// <summary>Makes an access key durable, unless one with its name is stored already.</summary>
    /// <param name="key">The key.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>A task whose result is <see langword="true"/> once the key is durable, <see langword="false"/> when the name is taken.</returns>
    Task<bool> AddKeyAsync(StoredAccessKey key, CancellationToken cancellationToken) =>
        throw new NotSupportedException($"The store at {Location} cannot keep access keys; configure them in EventDashboard:Auth:Keys instead.");

    /// <summary>Removes a stored access key, durably.</summary>
    /// <param name="name">The key's name.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>A task whose result is <see langword="true"/> when the key was there and is gone.</returns>
    Task<bool> RemoveKeyAsync(string name, CancellationToken cancellationToken) => Task.FromResult(false);
}
