using System.Diagnostics;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using EventDashboard.Client.Internal;
using EventDashboard.Core;
using EventDashboard.Protocol;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EventDashboard.Client;

/// <summary>
/// A connection to an EventDashboard server whose hosted values a .NET program watches and sets through the
/// same <see cref="IValue{T}"/> and <see cref="IWatcher{T}"/> as a local <see cref="MemoryValue{T}"/>.
/// </summary>
/// <remarks>
/// <para>The client connects at once and stays connected by itself: when the link is lost it retries with
/// backoff, forever, and subscribes every watched value again. Watch <see cref="Connection"/> to follow it. A brief
/// drop of a WebSocket link is mended by SignalR's stateful reconnect without any of that: the same connection goes
/// on and the server sends again what did not arrive. <see cref="EventDashboardClientOptions"/> choose the
/// transports, the protocol and the access key.</para>
/// <para>However many local watchers a value has, the client holds one server subscription for it, from the
/// first watcher to the Dispose of the last. The server pushes only the newest version (or the delete), which
/// feeds a local <see cref="MemoryValue{T}"/> that the watchers read. Every version comes with the id of the
/// server's store: within one store id versions only grow, across server restarts too, so a version is taken only
/// if it is above the last one from that store, after a reconnect as well. A version from another store id is
/// taken whatever its number, because that store counted from 1 again (a wiped data folder, or a server on the
/// in-memory store that restarted) and its value is the newest there is. From a server without store ids, the
/// first version after a reconnect is taken whenever it differs.</para>
/// <para>Over the hub, a Get that waits for a push resumes on the connection's dispatch loop, where SignalR runs a
/// <c>HubConnection</c>'s handlers, and not after a hop to the thread pool (unless the caller awaits on a
/// synchronization context, which then runs it as usual). Until the code after the Get awaits something, this
/// client's next push waits for it, as a plain handler's would, and another watcher of the same value resumes on the
/// thread pool. That code may call back into the client, and even block on a Set, a delete or a first Get of this
/// client: their answers arrive on the connection's receive loop, and a write made there does not wait for its own
/// push. It must not block until another push of this client arrives: that push waits behind it.</para>
/// <para>Disposing the client ends it for good: the connection closes (<see cref="Connection"/> ends in
/// <see cref="ConnectionState.Closed"/>), a Get pending on any of its watchers fails with
/// <see cref="ObjectDisposedException"/>, and so does every later Get, Watch or Set. Disposing its watchers
/// afterwards is harmless.</para>
/// </remarks>
[DebuggerDisplay("{_serverUri}")]
public sealed class EventDashboardClient : IAsyncDisposable
{
    /// <summary>The path of the server's hub.</summary>
    // The query tells the server that this is the .NET client, so its subscriptions count as such among a value's watchers.
    internal const string HubPath = "hubs/values?client=dotnet";

    private readonly Uri _serverUri;
    private readonly HttpClient _http;
    private readonly ServerAddresses _servers;
    private readonly ValuesApi _api;
    private readonly Transport _transport;
    private readonly TimeSpan _maxReconnectDelay;

    // Completed when the first DisposeAsync is done; a second one waits for it.
    private readonly TaskCompletionSource _disposed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _disposing;

    /// <summary>Initializes a new instance of the <see cref="EventDashboardClient"/> class and starts connecting.</summary>
    /// <param name="serverUri">The server's base address, for example <c>http://localhost:5000/</c>; it takes the place of <see cref="EventDashboardClientOptions.ServerUrl"/>.</param>
    /// <param name="options">The options, or <see langword="null"/> for the defaults.</param>
    /// <exception cref="ArgumentException"><paramref name="serverUri"/> is not an http or https URL, or the options are not valid; the message says why.</exception>
    public EventDashboardClient(Uri serverUri, EventDashboardClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(serverUri);
        if (!EventDashboardClientOptions.IsHttp(serverUri))
        {
            throw new ArgumentException($"The server address '{serverUri}' must be an absolute http or https URL.", nameof(serverUri));
        }

        options ??= new EventDashboardClientOptions();
        if (string.Join(" ", options.Problems(serverUrlRequired: false)) is { Length: > 0 } problems)
        {
            throw new ArgumentException($"The {nameof(EventDashboardClientOptions)} are not valid: {problems}", nameof(options));
        }

        _serverUri = serverUri.AbsoluteUri.EndsWith('/') ? serverUri : new Uri(serverUri.AbsoluteUri + "/");

        // Blocking queries outlive any fixed client timeout; each request sets its own.
        _http = new HttpClient { BaseAddress = _serverUri, Timeout = Timeout.InfiniteTimeSpan };
        foreach (var (name, value) in options.Headers)
        {
            _http.DefaultRequestHeaders.TryAddWithoutValidation(name, value);
        }

        if (options.AccessKey is { } accessKey)
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessKey);
        }

        _servers = new ServerAddresses(_serverUri, options.FailoverUrls);
        _api = new ValuesApi(_http, _servers);
        _maxReconnectDelay = options.MaxReconnectDelay;
        var logger = (ILogger?)options.LoggerFactory?.CreateLogger<EventDashboardClient>() ?? NullLogger.Instance;
        var nodeSwitch = new StaleNodeSwitch(_servers, _http, options.MaxReconnectDelay, logger);
        _transport = options.Transport == ClientTransport.BlockingQueries
            ? new HttpTransport(Subscriptions, _api, _servers, nodeSwitch, options.PollWait, logger)
            : new HubTransport(Subscriptions, _servers, nodeSwitch, options, _api, logger);
    }

    /// <summary>Gets the state of the link to the server, as an event value: watch it to follow reconnections.</summary>
    public IValueWatch<ConnectionState> Connection => _transport.State;

    internal SubscriptionSet Subscriptions { get; } = new();

    /// <summary>Gets the server's base address.</summary>
    internal Uri ServerUri => _serverUri;

    /// <summary>Gets the nodes the client may talk to, and the one it talks to now.</summary>
    internal ServerAddresses Servers => _servers;

    /// <summary>Gets the state of the link now.</summary>
    internal ConnectionState CurrentState => _transport.Current;

    /// <summary>Gets a hosted value, typed. Nothing is sent until it is watched or set.</summary>
    /// <typeparam name="T">The type the JSON document is read as.</typeparam>
    /// <param name="name">The value's name: 1 to 128 ASCII letters, digits, '.', '_' or '-'.</param>
    /// <param name="options">How to (de)serialize the value, or <see langword="null"/> for <see cref="JsonSerializerOptions.Web"/>.</param>
    /// <returns>
    /// The value. Its watchers get every guarantee of a <see cref="MemoryValue{T}"/> watcher; its Set goes to the
    /// server. A watcher never returns a deleted value: as for a value never set, its Get waits until the value is
    /// set again (<see cref="DeleteAsync"/>).
    /// </returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is not a valid name.</exception>
    /// <exception cref="ObjectDisposedException">The client was disposed.</exception>
    public IValue<T> Value<T>(string name, JsonSerializerOptions? options = null)
    {
        ThrowIfDisposed();
        ThrowIfInvalid(name);
        return new RemoteValue<T>(this, name, options ?? ValuesApi.Json);
    }

    /// <summary>
    /// Watches every value whose name starts with <paramref name="prefix"/>, as Consul's key-prefix watch and etcd's
    /// range watch do: first each value under it (as a <see cref="ValueChange"/> with its snapshot), then each later
    /// Set or delete of any value under it, values created later included.
    /// </summary>
    /// <remarks>
    /// Changes come newest-only per value and in the server's log order: a reader slower than the Sets skips versions
    /// of a value but never gets an older one after a newer. The watch reads the server's Server-Sent Events stream
    /// (<c>GET /api/events?prefix=</c>, with the access key) whatever <see cref="EventDashboardClientOptions.Transport"/>
    /// says, and when the link is lost it reconnects by itself and resumes after the last change it returned. After a
    /// reconnect to a server whose store changed (another store id), it starts over with that store's values and
    /// versions. The enumeration ends only by <paramref name="cancellationToken"/> (<see cref="OperationCanceledException"/>)
    /// or the client's disposal (<see cref="ObjectDisposedException"/>); a refusal (a bad prefix, a key that may not
    /// read) is an <see cref="HttpRequestException"/> with the server's reason.
    /// </remarks>
    /// <param name="prefix">The name prefix, such as <c>app.</c>; empty for every value.</param>
    /// <param name="cancellationToken">The token that ends the watch.</param>
    /// <returns>The changes.</returns>
    /// <exception cref="ArgumentException"><paramref name="prefix"/> has characters no name can have, or is longer than a name.</exception>
    /// <exception cref="ObjectDisposedException">The client was disposed.</exception>
    public IAsyncEnumerable<ValueChange> WatchPrefixAsync(string prefix, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        ArgumentNullException.ThrowIfNull(prefix);
        if (!ValueName.IsValidPrefix(prefix))
        {
            throw new ArgumentException(ValueName.DescribePrefix(prefix), nameof(prefix));
        }

        return WatchPrefixCoreAsync(prefix, cancellationToken);
    }

    /// <summary>
    /// Sets a hosted value, as a compare-and-set when <paramref name="expectedVersion"/> is given. When it
    /// returns, this client's watchers of the value see the new version or a newer one.
    /// </summary>
    /// <typeparam name="T">The type of the value.</typeparam>
    /// <param name="name">The value's name.</param>
    /// <param name="value">The new value.</param>
    /// <param name="expectedVersion">The version the value must be at, or <see langword="null"/> to set it whatever it is.</param>
    /// <param name="options">How to serialize the value, or <see langword="null"/> for <see cref="JsonSerializerOptions.Web"/>.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>A task whose result is the new version.</returns>
    /// <exception cref="VersionConflictException">The value is not at <paramref name="expectedVersion"/>; nothing was changed.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is not a valid name.</exception>
    /// <exception cref="ObjectDisposedException">The client was disposed, before or during the Set.</exception>
    /// <exception cref="InvalidOperationException">
    /// Over the hub: the server refused the Set, or closed the connection before answering (it does so to a message
    /// larger than it accepts; see <c>EventDashboard:MaxValueBytes</c>), in which case the client reconnects by itself.
    /// Over <see cref="ClientTransport.BlockingQueries"/>, a refused value is an <see cref="ArgumentException"/> with the server's reason instead.
    /// </exception>
    public async Task<long> SetAsync<T>(string name, T value, long? expectedVersion = null, JsonSerializerOptions? options = null, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        ThrowIfInvalid(name);
        var json = JsonSerializer.SerializeToElement(value, options ?? ValuesApi.Json);

        // The client's disposal ends a Set in flight too; whatever that makes the transport throw, the caller
        // learns the reason: the client was disposed.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, Subscriptions.Closing);
        var dispatching = Subscriptions.IsDispatching;
        try
        {
            var sentAt = Subscription.Clock;
            var (version, epoch) = await _transport.SetAsync(name, json, expectedVersion, stop.Token).ConfigureAwait(false);
            await ReadYourWriteAsync(name, new Write(version, epoch, sentAt, Subscription.Clock), dispatching, stop.Token).ConfigureAwait(false);
            return version;
        }
        catch (Exception ex) when (Subscriptions.IsClosed && !cancellationToken.IsCancellationRequested && ex is not VersionConflictException)
        {
            throw new ObjectDisposedException($"The {nameof(EventDashboardClient)} was disposed before the Set of '{name}' completed; it may or may not have been made.", ex);
        }
    }

    /// <summary>
    /// Deletes a hosted value, as a compare-and-delete when <paramref name="expectedVersion"/> is given. A delete is
    /// a version like a Set: setting the value again continues after it. When it returns <see langword="true"/>, this
    /// client's watchers of the value hold the delete or something newer, so none of them returns the deleted value
    /// any more; a Get waits until the value is set again.
    /// </summary>
    /// <param name="name">The value's name.</param>
    /// <param name="expectedVersion">The version the value must be at, or <see langword="null"/> to delete it whatever it is.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>
    /// A task whose result is <see langword="true"/> when this call deleted the value, <see langword="false"/> when
    /// it did not exist (never set, or already deleted).
    /// </returns>
    /// <exception cref="VersionConflictException">The value is not at <paramref name="expectedVersion"/>; nothing was changed.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is not a valid name.</exception>
    /// <exception cref="ObjectDisposedException">The client was disposed, before or during the delete.</exception>
    /// <exception cref="InvalidOperationException">Over the hub: the server refused the delete, for example because its store cannot write now.</exception>
    /// <exception cref="HttpRequestException">Over <see cref="ClientTransport.BlockingQueries"/>: the server refused the delete, or could not be reached.</exception>
    public async Task<bool> DeleteAsync(string name, long? expectedVersion = null, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        ThrowIfInvalid(name);

        // As in SetAsync, the client's disposal ends a delete in flight, and the caller learns that reason.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, Subscriptions.Closing);
        var dispatching = Subscriptions.IsDispatching;
        try
        {
            var sentAt = Subscription.Clock;
            if (await _transport.DeleteAsync(name, expectedVersion, stop.Token).ConfigureAwait(false) is not { } deleted)
            {
                return false;
            }

            await ReadYourWriteAsync(name, new Write(deleted.Version, deleted.Epoch, sentAt, Subscription.Clock), dispatching, stop.Token).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (Subscriptions.IsClosed && !cancellationToken.IsCancellationRequested && ex is not VersionConflictException)
        {
            throw new ObjectDisposedException($"The {nameof(EventDashboardClient)} was disposed before the delete of '{name}' completed; it may or may not have been made.", ex);
        }
    }

    /// <summary>
    /// Closes the connection and stops reconnecting. Gets pending on this client's watchers fail with
    /// <see cref="ObjectDisposedException"/>, and so does every later use of the client, its values and watchers.
    /// </summary>
    /// <returns>A task that completes when the connection is closed and <see cref="Connection"/> is <see cref="ConnectionState.Closed"/>.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposing, 1) != 0)
        {
            await _disposed.Task.ConfigureAwait(false);
            return;
        }

        try
        {
            // First, so that nobody waits on a value that will never change again while the connection closes.
            Subscriptions.Close();
            await _transport.DisposeAsync().ConfigureAwait(false);
            _http.Dispose();
        }
        finally
        {
            _disposed.TrySetResult();
        }
    }

    private async IAsyncEnumerable<ValueChange> WatchPrefixCoreAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // The client's disposal ends the watch too, and the reader learns that reason.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, Subscriptions.Closing);
        var changes = PrefixStream.ReadAsync(_http, _servers, prefix, _maxReconnectDelay, stop.Token).GetAsyncEnumerator(stop.Token);
        await using var disposeChanges = changes.ConfigureAwait(false);
        while (true)
        {
            try
            {
                if (!await changes.MoveNextAsync().ConfigureAwait(false))
                {
                    yield break;
                }
            }
            catch (OperationCanceledException ex) when (Subscriptions.IsClosed && !cancellationToken.IsCancellationRequested)
            {
                throw new ObjectDisposedException($"The {nameof(EventDashboardClient)} was disposed while watching '{prefix}'.", ex);
            }

            yield return changes.Current;
        }
    }

    /// <summary>Throws <see cref="ObjectDisposedException"/> once the client is being disposed.</summary>
    internal void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposing) != 0, this);

    // Read-your-writes: while this client watches the value, wait until its mirror holds the write or newer.
    // Holding a reference meanwhile keeps the server subscription that will deliver it. A write started while a hub
    // push is dispatched on the caller's thread (SubscriptionSet.IsDispatching) reads the value at once instead of
    // waiting for the write's push: if the caller blocks on the write, that push waits behind the caller.
    private async Task ReadYourWriteAsync(string name, Write write, bool readNow, CancellationToken cancellationToken)
    {
        if (Subscriptions.TryAcquireWatched(name) is not { } subscription)
        {
            return;
        }

        try
        {
            if (!readNow && await subscription.WaitForAsync(write, returnWhenUnsure: true, cancellationToken).ConfigureAwait(false))
            {
                return;
            }

            // Either readNow, or a Subscribe answered "does not exist" (which says no version) while the write was in
            // flight: the server handled it before the write, and the write's push follows, or after it, and nothing
            // may follow (the value was deleted since). A read sent now comes after the write either way.
            var read = subscription.BeginRead(write.Epoch);
            try
            {
                subscription.ApplyAnswer(await _api.GetAsync(name, cancellationToken).ConfigureAwait(false), write.Epoch, read);
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
            {
                // The server cannot be reached: the write is made, so it is not this call that failed. The next
                // connection's answer (or the server's next push) ends the wait below.
            }

            await subscription.WaitForAsync(write, returnWhenUnsure: false, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Subscriptions.Release(subscription);
        }
    }

    private static void ThrowIfInvalid(string name)
    {
        if (!ValueName.IsValid(name))
        {
            throw new ArgumentException(ValueName.Describe(name), nameof(name));
        }
    }
}
